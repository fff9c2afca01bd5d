"""Pipeline components that are not recognizers: NER bridge, optional extra model, merger."""
from . import entity_candidates, extra_model, merger, name_lexicon  # noqa: F401  (registers the factories)
