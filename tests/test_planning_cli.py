"""`assistant plan` through click's CliRunner: the answers file and the interactive interview."""

import io
import json

import docx
import pytest
from click.testing import CliRunner

from assistant.cli.plan import plan
from assistant.settings import get_settings
from test_planning_interview import ANSWERS, CATALOGUE


@pytest.fixture
def cli_env(tmp_path, make_knowledge, vendor_profile, isolated_env, monkeypatch):
    """Point the CLI at a knowledge dir in tmp_path with the risk catalogue and two service desk profiles."""
    desks = {
        "lotus-helpdesk": vendor_profile("lotus-helpdesk", certifications=["ISO 27001"], data_residency=["EU"]),
        "alpen-desk": vendor_profile("alpen-desk", name="Alpen Desk", services=["it_support"], support_hours="24/7",
                                     data_residency=["Germany"], languages=["German", "English"],
                                     delivery_models=["nearshore"],
                                     locations=[{"city": "Vienna", "country": "Austria", "region": "Europe",
                                                 "timezone": "UTC+1"}]),
        "harbor-secure": vendor_profile("harbor-secure"),
    }
    folder = make_knowledge(vendors=desks, extra={"practices/outsourcing-risks-and-mitigations.md": CATALOGUE})
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(folder))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def write_answers(folder, data) -> str:
    path = folder / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_an_answers_file_writes_the_statement_and_prints_the_shortlist(cli_env):
    answers = ANSWERS | {"risks": [{"id": "falling-user-satisfaction", "likelihood": 4, "impact": 5, "owner": "Ana"}]}
    out = cli_env / "out"
    result = CliRunner().invoke(plan, ["--answers", write_answers(cli_env, answers), "--out", str(out)])
    assert result.exit_code == 0, result.output
    statement = (out / "needs-statement.md").read_text(encoding="utf-8")
    for question_id, text in ANSWERS.items():
        assert text in statement, question_id
    assert "| Falling user satisfaction | Service quality | 4 | 5 | 20 |" in statement
    document = docx.Document(io.BytesIO((out / "needs-statement.docx").read_bytes()))
    assert "Risks" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "1. Alpen Desk" in result.output and "Lotus Helpdesk" in result.output
    # Harbor Secure offers no IT support at all, so it is counted rather than listed as a rejection.
    assert "1 other vendor profile provides none of the functions." in result.output
    assert "Harbor Secure" not in result.output
    assert (out / "scoring-matrix.md").is_file() and (out / "rfp.md").is_file() and (out / "rfp.docx").is_file()


def test_bad_answers_are_listed_by_question_with_exit_code_2(cli_env):
    answers = {k: v for k, v in ANSWERS.items() if k != "timeline"}
    answers |= {"budget": "we don't know yet", "support_hours": "whenever", "colour": "blue",
                "risks": [{"id": "loss-of-control", "likelihood": 9}]}
    out = cli_env / "out"
    result = CliRunner().invoke(plan, ["--answers", write_answers(cli_env, answers), "--out", str(out)])
    assert result.exit_code == 2
    assert "colour: not a question id" in result.output
    assert "budget: I could not find an amount" in result.output
    assert "support_hours: I could not read support hours" in result.output
    assert "timeline: missing; this question is required" in result.output
    assert "risks item 1: likelihood must be a whole number from 1 to 5" in result.output
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize("content, message", [("{not json", "cannot read --answers"),
                                              ("[1, 2]", "must hold a JSON object")])
def test_an_unreadable_answers_file_is_a_clear_error(cli_env, content, message):
    path = cli_env / "answers.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(plan, ["--answers", str(path)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def interactive_input() -> str:
    lines = []
    for question_id, text in ANSWERS.items():
        if question_id == "outcomes":
            lines += ["skip"]
        elif question_id == "budget":
            lines += ["not sure", text]  # the first answer is asked again
        elif question_id == "scope":
            lines += ["revise functions our service desk", text]
        elif question_id == "out_of_scope":
            lines += ["back", ANSWERS["scope"], text]  # back to the scope question, answered again
        else:
            lines.append(text)
    return "\n".join(lines) + "\n" + "n\n"  # the last line declines rating the risks now


def test_the_interactive_interview_asks_again_skips_and_writes_the_statement(cli_env):
    out = cli_env / "out"
    result = CliRunner().invoke(plan, ["--out", str(out), "--user", "ana"], input=interactive_input())
    assert result.exit_code == 0, result.output
    assert "[1/20] Which IT function or functions do you want to outsource?" in result.output
    assert "Guide: Outsourcing Handbook, “Step 1: Define Needs”" in result.output
    assert "I could not find an amount in “not sure”" in result.output
    assert "Skipped; it will be listed as an open question." in result.output
    assert f"Current answer: {ANSWERS['scope']}" in result.output
    assert "Falling user satisfaction" in result.output  # the proposed risks are shown
    statement = (out / "needs-statement.md").read_text(encoding="utf-8")
    assert "our service desk" in statement and ANSWERS["timeline"] in statement
    assert "How will you know it worked? Give measurable targets if you can. (not answered yet)" in statement
    assert "Saved as draft" in result.output


def test_quitting_saves_a_draft_that_resumes_where_it_stopped(cli_env):
    runner = CliRunner()
    first = runner.invoke(plan, ["--user", "ana"], input=f"{ANSWERS['functions']}\nquit\n")
    assert first.exit_code == 0, first.output
    draft_id = first.output.split("Saved draft ")[1].split(";")[0]
    rest = [text for question_id, text in ANSWERS.items() if question_id != "functions"]
    risk_step = "y\n" + "\n".join(["y", "4", "2", "Ana", "Name a service owner"] + ["n"] * 7)
    risk_step += "\nLicence audit\nLegal\n2\n3\n\n\n\n"
    second = runner.invoke(plan, ["--resume", draft_id, "--user", "ana", "--out", str(cli_env / "out")],
                           input="\n".join(rest) + "\n" + risk_step)
    assert second.exit_code == 0, second.output
    assert "[2/20] What problem should outsourcing solve" in second.output
    statement = (cli_env / "out" / "needs-statement.md").read_text(encoding="utf-8")
    assert "| Loss of control | Governance | 4 | 2 | 8 | Name a service owner | Ana |" in statement
    assert "| Licence audit | Legal | 2 | 3 | 6 |" in statement
    assert "Falling user satisfaction" not in statement.split("## Risks")[1].split("## ")[0]
    missing = runner.invoke(plan, ["--resume", "nope", "--user", "ana"])
    assert missing.exit_code == 2 and "no draft 'nope'" in missing.output


def test_the_example_answers_file_writes_statement_matrix_and_rfp_and_proposes_a_pair(tmp_path, isolated_env,
                                                                                       monkeypatch):
    from assistant.settings import PROJECT_ROOT

    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(PROJECT_ROOT / "knowledge"))
    get_settings.cache_clear()
    out = tmp_path / "out"
    example = PROJECT_ROOT / "examples" / "plan-answers.json"
    result = CliRunner().invoke(plan, ["--answers", str(example), "--out", str(out)])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    for name in ("needs-statement.md", "needs-statement.docx", "scoring-matrix.md", "rfp.md", "rfp.docx"):
        assert (out / name).stat().st_size > 0, name
    # Helpdesk plus SOC: no sample vendor does both, so a covering pair is proposed.
    assert "Pairs of vendors that together cover every function:" in result.output
    assert "1. Atlas Bridge IT + Bastion Ridge Cyber Defence" in result.output
    matrix = (out / "scoring-matrix.md").read_text(encoding="utf-8")
    assert "| Vendor | Scored for | Price fit (×3) |" in matrix and "source: vendor profile" in matrix
    rfp = (out / "rfp.md").read_text(encoding="utf-8")
    assert "## Security due-diligence questionnaire" in rfp and "Subcontractors:" in rfp
    assert "For Cybersecurity: holds SOC 2 Type II (mandatory)" in rfp
    assert "Support hours for IT support: 07:00-19:00, Monday to Friday" in rfp
    assert "Support hours for Cybersecurity: 24/7" in rfp
    document = docx.Document(io.BytesIO((out / "rfp.docx").read_bytes()))
    assert "Evaluation criteria and weights" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
