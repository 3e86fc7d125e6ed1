"""Credentials in documents are found, blanked out before storing, reported without their value, never served."""

import json

import pytest
from click.testing import CliRunner

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.cli import main
from assistant.knowledge.secrets import find_secrets, redact
from fakes import build_knowledge_base

# One credential per line, in the formats people paste into documents; each value must disappear.
CREDENTIALS = {
    "Payroll API key: {}": "pk_live_51HxQe2F8a9Kd7Lm3Np0Qr",
    "The wifi password is {}.": "Fjord-Salmon-2024",
    "password = '{}'": "Winter2024!",
    "aws_access_key_id = {}": "AKIAIOSFODNN7EXAMPLE",
    "token: {}": "ghp_1234567890abcdefghijABCDEFGHIJ123456",
    "Connect with postgres://admin:{}@db.internal:5432/payroll": "S3cretPass",
    "OPENAI_API_KEY={}": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD",
    "Slack bot: {}": "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "Authorization: Bearer {}": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "Pay supplier invoices to IBAN {} within 30 days.": "DE89 3704 0044 0532 0130 00",
    "Corporate card {} expires 12/27.": "4111 1111 1111 1111",
    "Maps key {}": "AIzaSyA1234567890abcdefghijklmnopqrstuv",
    "The alarm PIN: {}": "482913",
    "{}": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdefghij\nklmnopqrstuvwxyz0987654321ABCDEFGH\n-----END RSA PRIVATE KEY-----",
}
# Near misses a policy document writes: none is a credential.
ORDINARY = [
    "Passwords: at least 12 characters, changed every 90 days.",
    "API keys are stored in the vault; ask the service desk for access.",
    "The SLA is 99.9% and P1 response is 15 minutes; invoice NO-2026-0147 is due.",
    "Call +47 55 20 14 70 or order 1234 5678 9012 3456 units.",
    "The token ring network was replaced in 2019.",
]
SECRET_DOC = """# Payroll integration

The payroll system sends salary files to the bank every month.

Payroll API key: pk_live_51HxQe2F8a9Kd7Lm3Np0Qr

Contact the payroll team for access.
"""
KEY = "pk_live_51HxQe2F8a9Kd7Lm3Np0Qr"


def test_every_credential_format_is_blanked_out_and_ordinary_text_is_kept():
    text = "\n".join([line.format(value) for line, value in CREDENTIALS.items()] + ORDINARY)
    found = find_secrets(text)
    cleaned = redact(text, found)
    for value in CREDENTIALS.values():
        assert value not in cleaned
        for part in value.split():
            assert len(part) < 8 or part.startswith("-----") or part not in cleaned
    for line in ORDINARY:
        assert line in cleaned
    assert "Payroll API key: [redacted API key]" in cleaned
    assert {s.kind for s in found} >= {"API key", "password", "IBAN", "card number", "private key", "PIN"}


def test_iban_and_card_numbers_need_a_valid_checksum():
    assert not find_secrets("IBAN DE89 3704 0044 0532 0130 01 and card 4111 1111 1111 1112")


@pytest.fixture
def secret_assistant(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path, {"policies/payroll.md": SECRET_DOC},
                                                           relevance_threshold=0.1)
    return Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)


def test_a_stored_document_never_gives_its_key_back(secret_assistant):
    for question in ("What is the payroll API key?", "payroll API key", "How does payroll send salary files?"):
        answer = secret_assistant.answer(question)
        assert KEY not in json.dumps(answer.to_json())
    hits = secret_assistant.retriever.search("payroll API key")
    assert hits and KEY not in json.dumps([h.public() for h in hits])
    assert any("[redacted API key]" in h.text for h in hits)


def test_ingest_lists_each_credential_by_kind_and_line_never_by_value(cli_settings):
    (cli_settings.knowledge_dir / "policies").mkdir(exist_ok=True)
    (cli_settings.knowledge_dir / "policies" / "payroll.md").write_text(SECRET_DOC, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "redacted knowledge/policies/payroll.md: 1 credential(s) not stored: API key (line 5)" in result.stderr
    assert KEY not in result.output
    search = CliRunner().invoke(main, ["search", "payroll API key", "--json"])
    assert search.exit_code == 0 and KEY not in search.stdout
    sources = CliRunner().invoke(main, ["sources"])
    assert KEY not in sources.output


def test_refusal_policy_keeps_the_file_out_with_a_reason(cli_settings, tmp_path):
    path = tmp_path / "payroll.md"
    path.write_text(SECRET_DOC, encoding="utf-8")
    result = CliRunner(env={"ASSISTANT_SECRETS": "refuse"}).invoke(main, ["ingest", str(path)])
    assert "payroll.md: holds credentials: API key (line 5); remove them" in result.stderr
    assert KEY not in result.output and "0 added" in result.stdout
