"""Personal data removed from every free text that reaches the site or an e-mail.

One call does it all::

    from cxsite.privacy import redact
    clean = redact(text, config.privacy)

``config.privacy`` (a :class:`Privacy`) says which countries' phone formats and national
identifiers to look for and which patterns of the organisation's own to remove; without
it the defaults apply (phones written the British way or with a country code, e-mail
addresses, payment cards, IBANs, UK National Insurance numbers).
"""

from __future__ import annotations

from cxsite.privacy.redactor import PLACEHOLDERS, Privacy, redact

__all__ = ["PLACEHOLDERS", "Privacy", "redact"]
