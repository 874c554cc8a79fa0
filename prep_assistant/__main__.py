from prep_assistant.cli import main

raise SystemExit(main())
