"""Vendor filter questions are answered exactly from profile metadata."""

import yaml

from assistant.answering import Assistant
from assistant.answering.backends import Backend
from assistant.answering.citations import cited_numbers
from assistant.answering.vendor_query import parse_constraints
from fakes import build_knowledge_base


def vendor(vendor_id, name, services, certifications, hours, region="Europe", languages=("English",)):
    return yaml.safe_dump({
        "id": vendor_id, "name": name, "summary": f"{name} is a sample vendor used in tests only.",
        "services": services, "delivery_models": ["nearshore"],
        "locations": [{"city": "Lyon", "country": "France", "region": region, "timezone": "UTC+1"}],
        "languages": list(languages), "team_size": 50, "certifications": certifications,
        "engagement_models": ["managed_service"], "pricing_model": "monthly retainer",
        "rate_range": {"currency": "EUR", "min_hourly": 40, "max_hourly": 90}, "support_hours": hours,
    })


VENDORS = {
    "vendors/a.yaml": vendor("alpha", "Alpha Secure", ["cybersecurity"], ["SOC 2 Type II"], "24/7"),
    "vendors/b.yaml": vendor("beta", "Beta Guard", ["cybersecurity"], ["ISO 27001"], "24/7"),
    "vendors/c.yaml": vendor("gamma", "Gamma Cloud", ["cloud"], ["SOC 2 Type II"], "24/7"),
    "vendors/d.yaml": vendor("delta", "Delta Watch", ["cybersecurity"], ["SOC 2 Type II"], "24/7 for P1 incidents, otherwise 8x5"),
    "vendors/e.yaml": vendor("epsilon", "Epsilon Shield", ["cybersecurity", "cloud"], ["SOC 2 Type II", "ISO 27001"], "24/7",
                             region="Asia-Pacific", languages=("English", "Japanese")),
}


def test_filter_question_lists_exactly_the_matching_vendors(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path, VENDORS)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    answer = assistant.answer("Which vendors do 24/7 cybersecurity monitoring with SOC 2?")
    assert "Alpha Secure" in answer.answer and "Epsilon Shield" in answer.answer
    for excluded in ("Beta Guard", "Gamma Cloud", "Delta Watch"):
        assert excluded not in answer.answer
    assert all(1 <= n <= len(answer.sources) for n in cited_numbers(answer.answer))
    assert {s.metadata["vendor_id"] for s in answer.sources} == {"alpha", "epsilon"}


def test_language_and_region_filters(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path, VENDORS)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    answer = assistant.answer("Which providers speak Japanese?")
    assert "Epsilon Shield" in answer.answer and "Alpha Secure" not in answer.answer


def test_general_questions_are_not_treated_as_vendor_filters():
    assert parse_constraints("What are the risks of cloud outsourcing?", {"English"}) is None
    assert parse_constraints("How do cloud vendors usually price their work?", {"English"}) is None
    # Asking which vendors do a service is asking for the list (issue 9: "which vendors could handle that?").
    assert parse_constraints("Which vendors do cloud?", {"English"}).services == ["cloud"]
    need = parse_constraints("Which providers offer 24/7 support with ISO 27001 in Europe?", {"English"})
    assert need.support_24x7 and need.certifications == ["ISO 27001"] and need.regions == ["Europe"]


def test_superlative_question_ranks_the_profiles_by_the_field(tmp_path):
    vendors = dict(VENDORS)
    vendors["vendors/f.yaml"] = vendor("zeta", "Zeta Desk", ["it_support"], [], "24/7").replace("team_size: 50", "team_size: 900")
    settings, retriever, embeddings = build_knowledge_base(tmp_path, vendors)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    answer = assistant.answer("Which of our vendors has the largest team?")
    first = answer.answer.splitlines()[1]
    assert "Zeta Desk" in first and "900" in first and first.endswith("[1]")
    assert answer.sources[0].metadata["vendor_id"] == "zeta"


def test_vendors_without_certifications_are_those_whose_profiles_list_none(tmp_path):
    extra = VENDORS | {"vendors/f.yaml": vendor("zeta", "Zeta Labs", ["software_development"], [], "business hours")}
    settings, retriever, embeddings = build_knowledge_base(tmp_path, extra)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    answer = assistant.answer("Which vendors don't have any certifications?")
    assert "Zeta Labs" in answer.answer and "none stated" in answer.answer
    for certified in ("Alpha Secure", "Beta Guard", "Gamma Cloud", "Delta Watch", "Epsilon Shield"):
        assert certified not in answer.answer
    assert all(1 <= n <= len(answer.sources) for n in cited_numbers(answer.answer))
    assert parse_constraints("Which vendors are not certified?", set()).uncertified
    assert not parse_constraints("Which vendors have SOC 2?", set()).uncertified


def test_a_negated_certification_excludes_the_vendors_that_hold_it(tmp_path):
    settings, retriever, embeddings = build_knowledge_base(tmp_path, VENDORS)
    assistant = Assistant(settings, retriever, Backend("extractive"), embed_documents=embeddings.embed_documents)
    answer = assistant.answer("Which vendors don't have SOC 2?")
    assert "Beta Guard" in answer.answer and "no SOC 2 Type II" in answer.answer
    for certified in ("Alpha Secure", "Gamma Cloud", "Delta Watch", "Epsilon Shield"):
        assert certified not in answer.answer
    both = parse_constraints("Which vendors don't have SOC 2 but have ISO 27001?", set())
    assert both.certifications == ["ISO 27001"] and both.without_certifications == ["SOC 2 Type II"]
