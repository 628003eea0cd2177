"""A French verb in the conditional: a change reported or supposed, not one made.

Why: French news puts an unconfirmed report in the conditional ("Pékin réduirait ses
droits sur le canola", "Beijing would cut its canola duty"; "selon des sources, la Chine
suspendrait …"). English says it with a word before the verb ("would", "could"), which the
hedge and speculation lists catch; French says it in the verb's own ending, which no word
before it shows. The rules' wildcards match those forms ("rédui*" takes "réduirait"), so the
verb itself must be asked.
"""

from __future__ import annotations

import re

# Third person conditional endings ("-rait", "-raient": headlines and reports speak of
# others); not the nouns and present tenses that end the same way ("retrait", "extrait",
# "portrait", "attrait"), though "mettrait" (mettre) is a conditional.
_CONDITIONAL = re.compile(r"(?!(?:re|ex|por|at|abs|dis|sous)?trait$)\w{2,}r(?:ait|aient)", re.I)


def is_conditional(verb: str) -> bool:
    """Whether ``verb`` (an action's words; the first is its verb: "mettrait fin") is a
    French conditional."""
    first = verb.split(maxsplit=1)[0] if verb.strip() else ""
    return bool(_CONDITIONAL.fullmatch(first))
