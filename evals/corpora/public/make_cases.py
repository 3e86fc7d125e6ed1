"""Generates cases.jsonl (kept for provenance; the corpus is frozen -- add new
cases in a new file rather than editing this one)."""
import json, pathlib
B = "18f-derisking-buying-development-services.md"
V = "18f-derisking-vendor-management.md"
P = "18f-federal-field-guide-basic-principles.txt"
D = "18f-federal-field-guide-doing-the-work.md"
N = "nist-sp800-53r5-acquisition-supply-chain-controls.txt"
def u(q): return {"role": "user", "content": q}
def a(t): return {"role": "assistant", "content": t}
C = []
def add(cat, q, src, inc, expect="answer", history=None, mni=None, doc=None):
    c = {"category": cat, "question": q, "expected_sources": src,
         "must_include": inc, "expect": expect}
    if history: c["history"] = history
    if mni: c["must_not_include"] = mni
    C.append(c)

# ---------------- factual ----------------
add("factual", "We want an outside firm to build us a custom app. What kind of contract should we be using for that?",
    ["you should use a performance-based services contract"], [["performance-based"]])
add("factual", "What's the longest we can let a time-and-materials deal run?",
    ["not supposed to exceed three calendar years"], [["three", "3 "]])
add("factual", "How long are vendor proposals allowed to be? I don't want to read 80-page binders",
    ["keep proposals under 10 pages", "recommend a hard limit of five pages"], [["10 pages", "ten pages"], ["five", "5 pages"]])
add("factual", "Should our evaluation panel give each proposal a points score or a color rating?",
    ["not be evaluated by a numeric point"], [["pros and cons"]])
add("factual", "How many named key people should we make bidders commit in their proposal?",
    ["two or three positions at most"], [["two or three", "2 or 3", "2-3", "two to three"]], )
add("factual", "Is running a hackathon or bake-off a good way to judge whether a vendor has done similar work?",
    ["Actual code is a far better indicator", "submit code repositories similar in size"], [["repositor", "actual code"]], )
add("factual", "How big should the vendor's dev team be?",
    ["ideal size of a Scrum team", "A Scrum team never has more than 10"], [["nine", "9"]])
add("factual", "We're splitting up our modernization into pieces. Is there a rule of thumb for how big each piece's budget should be?",
    ["keeping budgets below $10 million"], [["10 million", "$10"]])
add("factual", "For the cost estimate, how many billable hours a year should I assume per contractor?",
    ["1,880 working hours a year"], [["1,880", "1880"]])
add("factual", "Do I really need to do our own cost estimate before the RFP goes out?",
    ["independent government cost estimate (IGCE)"], [["IGCE", "independent government cost estimate"]])
add("factual", "What happens to the billing if the vendor fakes hours on a T&M invoice?",
    ["false invoices a “false claim”", "paying triple the initial damages"], [["false claim"], ["triple", "three times"]])
add("factual", "Who on our side is supposed to manage the contractor team day to day?",
    ["responsibility of the government product owner"], [["product owner"]])
add("factual", "Is a single full-day kickoff meeting with the new vendor ok, or is there a better format?",
    ["spreading out orientation topics over a week", "no more than four sessions"], [["week"]])
add("factual", "Getting the contractors their badges and system access is taking months. Are we paying them in the meantime?",
    ["vendor can still bill the government"], [["bill"]])
add("factual", "How often are we supposed to check the vendor's quality indicators?",
    ["reviewed at every sprint, usually every two weeks"], [["sprint"]])
add("factual", "The vendor wants to replace their technical lead. Can I sit in on the interviews for the new person?",
    ["acting as an employer", "review the résumé(s) for the proposed replacement(s)"], [["résumé", "resume", "meet with"]])
add("factual", "The vendor keeps missing the test coverage target. Do we go straight to a formal contract claim?",
    ["resolving issues without resorting to contractual claims", "Documenting the reasons for the problem"], [["discuss", "conversation", "talk"]])
add("factual", "The contractors started swapping out our data store for a new one without asking. How should I handle that?",
    ["Making decisions outside the team’s authority", "Escalation should only be a last resort"], [["talk", "discuss"]])
add("factual", "How many months should we give a dev team to show real value before deciding whether to keep going?",
    ["if a team has not delivered software"], [["six months", "6 months"]])
add("factual", "We don't have a federal engineer to review the code. Can we hire a contractor to check the dev vendor's work against the QASP?",
    ["free from any conflict of interest", "cannot be someone from the same company"], [["conflict of interest"]])
add("factual", "How much of the tech reviewer's time does the end-of-sprint QASP check take?",
    ["per scrum team, per sprint"], [["4–8", "4-8", "four to eight", "4 to 8", "4 and 8"]])
add("factual", "My director wants velocity and story points in the monthly status report. Is that a good idea?",
    ["Story points are a fictional currency", "not useful for anyone outside the product team"], [["fictional", "not useful", "outside"]])
add("factual", "Brand-new code the vendor wrote for us: what should the acceptance paperwork say about rights?",
    ["first produced in the performance of the contract"], [["unlimited rights"], ["52.227-14"]])
add("factual", "Does the product owner have to be one of our own staff, or can the vendor provide one?",
    ["must be a government employee"], [["government employee"]])
add("factual", "Should we make the developer host the finished system on their own servers indefinitely?",
    ["host it indefinitely on the vendor's infrastructure"], [["lock-in", "lock in"]])
add("factual", "Ballpark, what does a small agile contractor team cost per year?",
    ["depending on their geographic location"], [["1–2", "1-2", "1 to 2", "1 and 2", "one to two", "$1"]])
add("factual", "can we just buy the whole system in one big contract?",
    ["break up a large, risky contract", "through one big contract because it seems"], [["small"]])
add("factual", "Who ends up owning the software and designs the vendor produces?",
    ["is owned by government, delivered to government"], [["government"]])
add("factual", "What should our service-level agreement with an outside provider actually define?",
    ["Service-level agreements define the expectations of performance"], [["measurable outcomes"], ["remed"]])
add("factual", "A vendor stopped shipping patches for a component we still depend on. What are our options?",
    ["support for the components is no longer available", "establish in-house support"], [["replace"], ["in-house", "external provider", "isolat"]])
add("factual", "When we vet a supplier's risk, what kinds of things should the review cover?",
    ["foreign ownership, control or influence (FOCI)", "second-tier and third-tier suppliers"], [["foreign ownership", "FOCI"]])
add("factual", "Are there purchasing tactics that make it harder for someone to tamper with hardware we order?",
    ["using blind or filtered buys", "requiring tamper-evident packaging"], [["blind", "filtered", "tamper-evident", "trusted or controlled distribution"]])
add("factual", "Should our supplier agreements say they have to tell us if their supply chain gets compromised?",
    ["notification of supply chain compromises", "Early notification of compromises"], [["notif"]])
add("factual", "If we find counterfeit parts, who outside the company can we report them to?",
    ["External reporting organizations include CISA"], [["CISA"]])

# ---------------- list ----------------
add("list", "What criteria do you actually judge vendor bids on?",
    ["only four key factors: technical approach"], [["technical"], ["staffing"], ["price"]])
add("list", "What has to go into a statement of objectives?",
    ["A statement of objectives requires"], [["purpose"], ["background"], ["constraints"]])
add("list", "What are the red flags that things with our vendor are turning sour?",
    ["common warning signs that your relationship"], [["documentation"], ["contract"], ["plan"]])
add("list", "What security and privacy items does NIST want spelled out in the acquisition contract for a system?",
    ["Strength of mechanism requirements", "Security and privacy assurance requirements"], [["functional requirements"], ["assurance"], ["acceptance criteria"]])
add("list", "Which departments should be represented on a supply chain risk team?",
    ["including risk executive, information technology"], [["contracting"], ["legal"], ["acquisition"]])
add("list", "What are the core concepts our non-technical execs should understand about modern software projects?",
    ["six basics concepts of modern software development"], [["user-centered design"], ["DevOps"], ["modular contracting"]])

# ---------------- follow-up ----------------
add("follow_up", "why is that such a bad idea?",
    ["We strongly advise against this", "allowing a restaurant to write their own review"],
    [["most powerful tools", "manipulate", "restaurant", "its own measures", "own measures of success"]],
    history=[u("Can we let the vendor write the QASP for our dev contract?"),
             a("No. 18F strongly advises against letting the vendor provide its own QASP; the government should write it and include it with the solicitation [18f-derisking-buying-development-services.md].")])
add("follow_up", "and what if we need to get out of it early?",
    ["terminate early for some reason", "still own the software that has been delivered"],
    [["own"], ["termination procedures", "stops being assigned", "stop assigning", "no longer assign", "stop"]],
    history=[u("What contract type do you recommend for hiring an agile development team?"),
             a("A time-and-materials (T&M) type contract with a not-to-exceed ceiling, which lets the team work iteratively based on user research [18f-derisking-buying-development-services.md].")])
add("follow_up", "does the contracting officer have to sit in on those?",
    ["good practice to invite them for their awareness"], [["invite"]],
    history=[u("Should I have regular meetings with someone senior at the vendor?"),
             a("Yes. The product owner should set up check-ins with the vendor's contract administrator at least once a month, lasting no more than 30 minutes [18f-derisking-vendor-management.md].")])
add("follow_up", "do they need to be a techie?",
    ["doesn't need to be a strong technologist"], [["users"], ["business", "policy"]],
    history=[u("Who should be the product owner on our software project?"),
             a("The product owner must be a government employee; they work with users, stakeholders, technologists and the vendor to set the product's direction [18f-federal-field-guide-basic-principles.txt].")])
add("follow_up", "ok, and who's ultimately accountable for the risk from those services?",
    ["remains with authorizing officials"], [["authorizing official"]],
    history=[u("What does NIST expect when we rely on an outside provider's system services?"),
             a("Under SA-9, providers must comply with organizational security and privacy requirements and employ defined controls, oversight roles must be documented, and control compliance must be monitored on an ongoing basis [nist-sp800-53r5-acquisition-supply-chain-controls.txt].")])
add("follow_up", "and if the code doesn't meet those standards?",
    ["returned for the contractor team to fix"], [["return", "sent back"], ["fix", "resubmit"]],
    history=[u("Besides the product owner, do we need someone checking the vendor's code quality?"),
             a("Yes. Assign a technical lead, ideally a government employee, to review all code against the QASP at the end of every sprint before it is accepted [18f-federal-field-guide-doing-the-work.md].")])
add("follow_up", "how much effort is that usually, and where could a federal agency find money for it?",
    ["three to four 18F staff", "Technology Modernization Fund"],
    [["three to four", "3-4", "3 to 4", "three or four"], ["Technology Modernization Fund", "TMF"]],
    history=[u("Is there anything we can do to lower the risk before awarding the big build contract?"),
             a("Yes: budget for a \"risk mitigation prototype\" of a small part of the larger system before award. It exposes pitfalls such as problems in the path to production [18f-derisking-buying-development-services.md].")])

# ---------------- refuse ----------------
add("refuse", "What's the dollar amount of the simplified acquisition threshold right now?",
    [], [], expect="refuse")
add("refuse", "What does DORA require us to put in contracts with our ICT third-party providers?",
    [], [], expect="refuse")
add("refuse", "How do we get our cloud vendor through FedRAMP authorization, and how long does it take?",
    [], [], expect="refuse")
add("refuse", "How much money does the Technology Modernization Fund have available this fiscal year?",
    [], [], expect="refuse")
add("refuse", "What percentage of each invoice can we withhold as retainage when the vendor misses a QASP standard?",
    [], [], expect="refuse")
add("refuse", "How many days of written notice do we owe the vendor before terminating the contract for convenience?",
    [], [], expect="refuse")
add("refuse", "What uptime percentage should we demand in the SLA with our SaaS provider?",
    [], [], expect="refuse")
add("refuse", "What year did the Defense Innovation Board put out its SWAP study?",
    [], [], expect="refuse")
add("refuse", "what penalty does the FAR set if they swap one anyway without our approval?",
    [], [], expect="refuse",
    history=[u("If we put a key personnel clause in, how many positions should it cover?"),
             a("Two or three at most: a project lead, a technical lead and, optionally, a design lead [18f-derisking-buying-development-services.md].")])
add("refuse", "When was NIST SP 800-161 Revision 1 published?",
    [], [], expect="refuse")

# ---------------- general knowledge ----------------
add("general_knowledge", "What's the capital of Australia?", [], [], expect="refuse")
add("general_knowledge", "Can you write me a Python function that reverses a string?", [], [], expect="refuse")

# ids and alternating split per category
counts = {}
for i, c in enumerate(C, 1):
    k = counts.get(c["category"], 0); counts[c["category"]] = k + 1
    c["split"] = "dev" if k % 2 == 0 else "test"
    c2 = {"id": "pub-%03d" % i, "category": c["category"], "split": c["split"]}
    c2.update({k: v for k, v in c.items() if k not in c2})
    C[i-1] = c2
out = pathlib.Path(__file__).with_name("cases.jsonl")
with out.open("w") as f:
    for c in C: f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(len(C), counts)
