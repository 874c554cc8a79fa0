"""Flows and answers as HL7 FHIR R4 resources (Structured Data Capture).

An application-level exporter and importer, used by ``prep-assistant export``
and ``prep-assistant import``:

- ``questionnaire``: a flow (with a clinician's pack, in a language) as a
  Questionnaire; ``enable``: its conditions as ``enableWhen`` or FHIRPath;
- ``response``: a saved session as a QuestionnaireResponse;
- ``importer``: a Questionnaire made elsewhere as a flow, with located
  diagnostics for what does not map; ``fhirpath``: the small FHIRPath
  subset the importer reads; ``flow_writer``: the flow written as TOML.

Everything here builds plain dicts for ``json.dumps``: no FHIR library is
needed at run time (the tests validate with ``fhir.resources`` and
``fhirpathpy``). Nothing is ever sent anywhere: the commands write files.
"""
