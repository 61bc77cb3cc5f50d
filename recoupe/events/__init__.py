"""Events: triggers from the lexicon, roles from the parse, factuality from cues."""
