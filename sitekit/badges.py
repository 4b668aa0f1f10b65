"""Evidence labels: text badges that say how sure the evidence is, and who says so.

Editors write them as macros, for example:
    {{ certainty("low") }}                 GRADE certainty, as a review rated it
    {{ recommendation("EULAR", "strong for") }}
    {{ recommendation("NICE", "do not offer") }}
    {{ verdict("not supported") }}         for claims checked on the claims page
"""

from __future__ import annotations

import html

CERTAINTY = {
    "high": "We are very confident the true effect is close to the estimate.",
    "moderate": "The true effect is probably close to the estimate, but it may differ.",
    "low": "The true effect may be quite different from the estimate.",
    "very low": "We are very uncertain: the true effect is likely to be quite different.",
}
# Each guideline's own wording. The key is the body as readers know it.
# NICE NG193 says "do not initiate" for medicines and "do not offer" for other
# treatments.
RECOMMENDATION = {
    "EULAR": ["strong for", "weak for", "weak against", "strong against"],
    "NICE": ["offer", "consider", "do not offer", "do not initiate"],
}
VERDICT = ["supported", "partly supported", "not supported", "false"]


class LabelError(ValueError):
    """An evidence label that does not exist; the message says which do."""


def _slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def _badge(kind: str, value: str, body: str, title: str = "") -> str:
    hint = f' title="{html.escape(title)}"' if title else ""
    return (f'<span class="badge badge--{kind} badge--{_slug(value)}"{hint}>'
            f'<span class="badge__body">{html.escape(body)}</span> '
            f'<span class="badge__value">{html.escape(value)}</span></span>')


def certainty(level: str, by: str = "GRADE") -> str:
    if level not in CERTAINTY:
        raise LabelError(f'unknown certainty "{level}"; use one of: {", ".join(CERTAINTY)}')
    return _badge("certainty", level, f"Certainty ({by}):", CERTAINTY[level])


def recommendation(body: str, strength: str) -> str:
    if body not in RECOMMENDATION:
        raise LabelError(f'unknown guideline body "{body}"; use one of: {", ".join(RECOMMENDATION)}')
    if strength not in RECOMMENDATION[body]:
        raise LabelError(f'{body} does not use "{strength}"; {body} uses: {", ".join(RECOMMENDATION[body])}')
    return _badge("recommendation", strength, f"{body}:")


def verdict(value: str) -> str:
    if value not in VERDICT:
        raise LabelError(f'unknown verdict "{value}"; use one of: {", ".join(VERDICT)}')
    return _badge("verdict", value, "Our verdict:")


MACROS = {"certainty": certainty, "recommendation": recommendation, "verdict": verdict}
