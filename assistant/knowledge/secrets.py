"""Find credentials, keys and payment numbers in document text, so they are redacted before storing.

Two detectors together: Yelp's detect-secrets (provider key formats, keyword assignments, high-entropy
strings, credentials in URLs) and rules for what it misses in prose: "API key: ...", "the password is
...", provider token prefixes, private key blocks, bearer tokens, IBANs (checked with ISO 7064 mod 97)
and card numbers (checked with Luhn). A finding carries its kind and position, never shown with its value.
"""

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.layout import line_starts

# A label, then "is"/":"/"=", then a value: the value must look made up (letters and digits, or long and
# mixed) so that "Passwords: at least 12 characters" or "API key: ask the service desk" is not a secret.
_LABELLED = re.compile(
    r"(?i)\b(?P<label>pass(?:word|wd|phrase|code)s?|pwd|api[ _-]?keys?|secret(?:[ _-]?key)?s?|access[ _-]?keys?"
    r"|client[ _-]?secrets?|(?:auth(?:entication)?|access|refresh|bearer)?[ _-]?tokens?|credentials?|pin(?: code)?)"
    r"(?:\s+(?:is|are|was|reads|=|:))?\s*[:=]?\s*[\"'`]?(?P<value>[^\s\"'`,;]{4,})")
_PREFIXED = re.compile(
    r"\b(?:sk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}|[sprw]k_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|xox[abprs]-[\w-]{10,}|AKIA[0-9A-Z]{16}"
    r"|AIza[0-9A-Za-z_-]{35}|glpat-[\w-]{20,}|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,})")
_BEARER = re.compile(r"(?i)\bbearer\s+(?P<value>[A-Za-z0-9._~+/-]{16,}=*)")
_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:(?P<value>[^\s@/]+)@")
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|\Z)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))")
_TOKEN_CHARS = re.compile(r"[^\s\"'`,;()<>\[\]{}]+")
_REDACTED = re.compile(r"\[redacted [A-Za-z ]+\]")


@dataclass(frozen=True)
class Secret:
    """One credential found in a text: its kind and where it stands (character offsets, 1-based line)."""

    kind: str
    start: int
    end: int
    line: int


def _made_up(value: str, numeric: bool) -> bool:
    """Return whether a value looks generated or chosen as a secret rather than written as a word."""
    value = value.rstrip(".:!?")
    if _REDACTED.fullmatch(value):
        return False
    if re.fullmatch(r"\d{4,12}", value):
        return numeric  # a PIN or a weak password; after any other label, a number is a number
    if len(value) < 6:
        return False
    letters, digits = any(c.isalpha() for c in value), any(c.isdigit() for c in value)
    mixed_case = any(c.islower() for c in value) and any(c.isupper() for c in value[1:])
    symbols = any(not c.isalnum() for c in value)
    return (letters and digits) or (len(value) >= 12 and (mixed_case or symbols) and not value.isalpha())


def _iban_valid(text: str) -> bool:
    compact = text.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _luhn_valid(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    if not 13 <= len(digits) <= 19 or not _CARD_PREFIX.match("".join(map(str, digits))):
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _rule_spans(text: str) -> list[tuple[int, int, str]]:
    spans = [(m.start(), m.end(), "private key") for m in _PRIVATE_KEY.finditer(text)]
    spans += [(m.start(), m.end(), "access token") for m in _PREFIXED.finditer(text)]
    spans += [(m.start("value"), m.end("value"), "bearer token") for m in _BEARER.finditer(text)]
    spans += [(m.start("value"), m.end("value"), "password in a URL") for m in _URL_PASSWORD.finditer(text)]
    for match in _LABELLED.finditer(text):
        label = match.group("label").lower().replace("_", " ").replace("-", " ")
        if _made_up(match.group("value"), numeric=label.startswith(("pass", "pwd", "pin"))):
            kind = ("password" if label.startswith(("pass", "pwd")) else "API key" if label.startswith("api")
                    else "PIN" if label.startswith("pin") else "secret" if label.startswith(("secret", "client", "cred"))
                    else "access key" if label.startswith("access k") else "access token")
            end = match.end("value") - (len(match.group("value")) - len(match.group("value").rstrip(".:!?")))
            spans.append((match.start("value"), end, kind))
    ibans = list(_IBAN.finditer(text))
    spans += [(m.start(), m.end(), "IBAN") for m in ibans if _iban_valid(m.group())]
    # The digits of an account number are not a card number, whatever their checksum.
    inside_iban = [range(m.start(), m.end()) for m in ibans]
    spans += [(m.start(), m.end(), "card number") for m in _CARD.finditer(text)
              if _luhn_valid(m.group()) and not any(m.start() in r for r in inside_iban)]
    return spans


def _detector_spans(text: str) -> list[tuple[int, int, str]]:
    """Return what detect-secrets finds, each widened to the whole token it sits in."""
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    lines = text.split("\n")
    offsets = line_starts(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.txt"
        path.write_text(text, encoding="utf-8")
        collection = SecretsCollection()
        with default_settings():
            collection.scan_file(str(path))
        found = [secret for _, secret in collection]
    spans = []
    for secret in found:
        if not secret.secret_value or not 1 <= secret.line_number <= len(lines):
            continue
        line = lines[secret.line_number - 1]
        at = line.find(secret.secret_value)
        if at < 0:
            continue
        token = next((m for m in _TOKEN_CHARS.finditer(line) if m.start() <= at < m.end()), None)
        start, end = (token.start(), max(token.end(), at + len(secret.secret_value))) if token else (at, at + len(secret.secret_value))
        base = offsets[secret.line_number - 1]
        spans.append((base + start, base + end, secret.type.lower().replace("base64 ", "").replace("hex ", "")))
    return spans


def find_secrets(text: str) -> list[Secret]:
    """Return the credentials in a text, in order, overlapping findings merged into one."""
    spans = sorted(_rule_spans(text) + _detector_spans(text))
    merged: list[list] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, kind])
    return [Secret(kind, start, end, text.count("\n", 0, start) + 1) for start, end, kind in merged]


def redact(text: str, secrets: list[Secret]) -> str:
    """Return the text with each secret replaced by a marker naming its kind."""
    out, position = [], 0
    for secret in secrets:
        out.append(text[position:secret.start])
        out.append(f"[redacted {secret.kind}]")
        position = secret.end
    out.append(text[position:])
    return "".join(out)
