"""Generate the binary documents of the Fjordline evaluation corpus.

Writes documents/nordwave-proposal.pdf (fpdf2) and
documents/cloud-hosting-contract-summary.docx (python-docx). The Markdown and
text documents in documents/ are written by hand and are not touched here.

Run:  python make_documents.py      (needs: pip install fpdf2 python-docx)

The corpus is frozen: regenerating must reproduce the same text. Do not edit
the content below to suit a pipeline.
"""

from pathlib import Path

from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from fpdf.enums import XPos, YPos

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"

# --------------------------------------------------------------------------
# Nordwave proposal (PDF). Core fonts are latin-1 only: keep the text latin-1.
# --------------------------------------------------------------------------

PROPOSAL = [
    ("title", "Proposal for Managed Infrastructure and Endpoint Services"),
    ("sub", "Prepared for Fjordline Seafoods AS by Nordwave Managed Services AS"),
    ("meta", "Proposal reference: NW-2026-0147"),
    ("meta", "Date: 20 February 2026"),
    ("meta", "Valid until: 30 April 2026"),
    ("meta", "Contact: Ingrid Solheim, Account Director, ingrid.solheim@nordwave.example, +47 55 20 14 70"),
    ("h1", "1. Executive summary"),
    ("p", "Fjordline Seafoods AS has asked for proposals for the operation of its "
          "server, endpoint, network and backup infrastructure at its plants in "
          "Ålesund and Gdynia, the cold-storage terminal in Trondheim, the head "
          "office and the Oslo sales office. Nordwave Managed Services AS proposes to "
          "take over day-to-day operation of this infrastructure under a fixed "
          "monthly fee, with clear service levels, and to transfer the services from "
          "the current in-house model in a controlled 12-week transition."),
    ("p", "Our proposal is built for a company that runs around the clock. Processing "
          "lines, blast freezers and shipping do not stop at night, and neither does "
          "our operations centre. We know from our other food and aquaculture "
          "customers that an outage of a label printer server at 03:00 can be as "
          "costly as an outage of the ERP system during office hours, and our "
          "priority model reflects that."),
    ("p", "The total fixed monthly fee is NOK 414,350 excluding VAT, and the one-off "
          "transition fee is NOK 680,000. We propose a start date of 1 June 2026 "
          "for the transition and full service commencement on 1 September 2026."),
    ("h1", "2. About Nordwave"),
    ("p", "Nordwave Managed Services AS was founded in Bergen in 2009 and has about "
          "240 employees. We operate infrastructure for 85 customers in Norway, "
          "mainly in aquaculture, food production, shipping and energy. Our 24/7 "
          "operations centre is in Bergen, with a second team in Tromsø that takes "
          "over if the Bergen site is unavailable. All Nordwave staff who work on "
          "customer systems are located in Norway."),
    ("p", "Nordwave has been certified to ISO/IEC 27001 since 2015. Our first SOC 2 "
          "Type II report, covering the period from May 2025 to April 2026, is "
          "expected to be issued in May 2026. An independent penetration test of our "
          "management platform is carried out every year."),
    ("h1", "3. Scope of services"),
    ("p", "The proposal covers the following services. Volumes are taken from the "
          "tender documents and are the basis for the pricing in section 6."),
    ("bullet", "Server management: 64 servers, of which 48 are virtual servers hosted "
               "at Skarvik Cloud Services and 16 are physical line servers at the "
               "plants. Monitoring, patching, backup checks and incident handling."),
    ("bullet", "Endpoint management: 1,150 devices, including laptops, desktop PCs in "
               "the production offices and 310 handheld warehouse scanners. "
               "Deployment, patching, encryption and replacement logistics."),
    ("bullet", "Network management: local networks, wireless and firewalls at 5 sites. "
               "The OT networks on the processing lines are not included."),
    ("bullet", "Backup as a service: backup of servers and Microsoft 365, with an "
               "estimated 40 TB of protected data and an immutable copy kept for 30 "
               "days."),
    ("bullet", "Service management and reporting: a named service manager, monthly "
               "reports and quarterly service reviews."),
    ("p", "The following are not included: first-line helpdesk (which stays with "
          "Fjordline's current helpdesk supplier), application support for the ERP, "
          "ColdTrack and TrawlWMS, the OT systems on the processing lines, and "
          "software licences. Microsoft licences remain Fjordline's responsibility."),
    ("h1", "4. Service levels"),
    ("p", "Nordwave commits to the following service levels from service "
          "commencement. Incidents are prioritised using Fjordline's P1 to P4 "
          "definitions so that tickets can pass between the helpdesk and Nordwave "
          "without being re-classified."),
    ("bullet", "P1 incidents: response within 15 minutes, 24/7, and restoration "
               "within 4 hours."),
    ("bullet", "P2 incidents: response within 30 minutes, 24/7, and restoration "
               "within 8 hours."),
    ("bullet", "Availability of managed servers: 99.8% per month, excluding agreed "
               "maintenance windows."),
    ("bullet", "Critical security patches installed within 7 days and high patches "
               "within 30 days, in line with Fjordline's supplier security "
               "requirements."),
    ("p", "If a service level is missed in a month, Nordwave will give a service "
          "credit of 4% of the monthly fee for the affected service for each service "
          "level missed. Service credits are capped at 10% of the total monthly fee."),
    ("h1", "5. Transition plan"),
    ("p", "The transition starts on 1 June 2026 and runs for 12 weeks. It is led by "
          "Nordwave's Transition Manager, Ole Rasmussen, together with Fjordline's "
          "Head of IT Operations. Fjordline's summer production peak in July is "
          "protected by a change freeze: no cut-over activities take place between "
          "6 July and 2 August 2026."),
    ("bullet", "Weeks 1 to 3: planning and due diligence, including a review of "
               "documentation and the installation of monitoring agents."),
    ("bullet", "Weeks 4 to 8: knowledge transfer from Fjordline's IT staff, shadowing "
               "and runbook writing."),
    ("bullet", "Weeks 9 to 11: parallel operation, with Nordwave handling incidents "
               "under Fjordline supervision."),
    ("bullet", "Week 12: formal handover and acceptance. Service commencement on 1 "
               "September 2026."),
    ("p", "Service levels and service credits apply from service commencement. "
          "During the transition Nordwave works on a best-effort basis."),
    ("h1", "6. Pricing"),
    ("p", "All prices are in Norwegian kroner (NOK), excluding VAT. The monthly "
          "fees are invoiced monthly in advance from service commencement. Volumes "
          "may vary by up to 10% without a change in unit prices."),
    ("table", [
        ["Service", "Unit", "Quantity", "Unit price / month", "Monthly fee"],
        ["Server management", "per server", "64", "1,450", "92,800"],
        ["Endpoint management", "per device", "1,150", "185", "212,750"],
        ["Network management", "per site", "5", "9,800", "49,000"],
        ["Backup as a service", "per TB", "40", "620", "24,800"],
        ["Service management", "fixed", "1", "35,000", "35,000"],
        ["Total monthly fee", "", "", "", "414,350"],
    ]),
    ("p", "One-off transition fee: NOK 680,000, invoiced 50% at the start of the "
          "transition and 50% at service commencement."),
    ("p", "Work outside the scope is charged at an hourly rate of NOK 1,390 for a "
          "consultant and NOK 1,690 for a senior architect. Work ordered outside "
          "normal working hours (07:00 to 17:00 on weekdays) is charged with a 50% "
          "surcharge."),
    ("p", "Prices are adjusted each year on 1 January in line with the consumer price "
          "index published by Statistics Norway, with an annual cap of 4%. The first "
          "adjustment takes place on 1 January 2027."),
    ("p", "Total estimated contract value over the initial 36-month term: NOK "
          "15,596,600, including the transition fee and before indexation."),
    ("h1", "7. Commercial terms"),
    ("bullet", "Term: 36 months from service commencement, with an option for "
               "Fjordline to extend twice by 12 months."),
    ("bullet", "Notice period: Fjordline may terminate for convenience with 6 months' "
               "written notice, but not with effect earlier than 18 months after "
               "service commencement. Nordwave may terminate for convenience with 12 "
               "months' written notice."),
    ("bullet", "Payment terms: 30 days from the invoice date."),
    ("bullet", "Liability: limited to 12 months of fees, except for gross negligence, "
               "wilful misconduct and breaches of confidentiality."),
    ("bullet", "Exit: Nordwave provides exit assistance for up to 6 months at the "
               "hourly rates in section 6 and returns all documentation and runbooks."),
    ("bullet", "Subcontractors: Nordwave does not plan to use subcontractors for the "
               "services, apart from hardware logistics by its delivery partner."),
    ("p", "This proposal is based on the Norwegian government standard agreement for "
          "operations services (SSA-D) with the changes listed in the appendix. It is "
          "binding until 30 April 2026."),
    ("h1", "8. Why Nordwave"),
    ("p", "We know the seafood industry, we operate round the clock from Norway, and "
          "we have taken over infrastructure from in-house teams at four processing "
          "companies in the last three years without a single missed shipment. We "
          "would be proud to support Fjordline's growth."),
    ("p", "Bergen, 20 February 2026. Ingrid Solheim, Account Director, Nordwave "
          "Managed Services AS."),
]


class ProposalPDF(FPDF):
    def header(self):
        if self.page_no() > 1:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, "Nordwave Managed Services AS - Proposal NW-2026-0147",
                      new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pdf(path: Path) -> None:
    pdf = ProposalPDF(format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2026, 2, 20))
    pdf.set_title("Nordwave proposal NW-2026-0147")
    pdf.set_author("Nordwave Managed Services AS")
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for kind, content in PROPOSAL:
        if kind == "title":
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(0, 9, content, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif kind == "sub":
            pdf.set_font("Helvetica", "", 12)
            pdf.multi_cell(0, 7, content, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(4)
        elif kind == "meta":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5.5, content, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "h1":
            pdf.ln(4)
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 7, content, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.5, content, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2)
        elif kind == "bullet":
            pdf.set_font("Helvetica", "", 10.5)
            pdf.set_x(pdf.l_margin + 4)
            pdf.multi_cell(0, 5.5, "- " + content, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif kind == "table":
            widths = [48, 28, 22, 36, 36]
            pdf.ln(1)
            for i, row in enumerate(content):
                bold = i == 0 or row[0].startswith("Total")
                pdf.set_font("Helvetica", "B" if bold else "", 10)
                for w, text in zip(widths, row):
                    align = "L" if w in (48, 28) else "R"
                    pdf.cell(w, 7, text, border=1, align=align)
                pdf.ln(7)
            pdf.ln(3)
        else:
            raise ValueError(kind)
    pdf.output(str(path))


# --------------------------------------------------------------------------
# Skarvik cloud hosting contract summary (DOCX)
# --------------------------------------------------------------------------

RESPONSIBILITY = [
    ["Activity", "Skarvik", "Fjordline", "Notes"],
    ["Physical security, power and cooling of data centres", "R", "-",
     "ISO/IEC 27001 certified sites in Stavanger and Oslo"],
    ["Hypervisor, storage and network platform", "R", "-",
     "Platform patching in the monthly maintenance window"],
    ["Operating system patching on managed virtual machines", "R", "I",
     "Critical patches within 7 days"],
    ["Application patching (ERP, ColdTrack, TrawlWMS)", "-", "R",
     "Done by Fjordline with the application vendors"],
    ["Backup execution and monitoring", "R", "I",
     "Nightly full backups, ERP log backups every 15 minutes"],
    ["Restore testing", "R", "R", "Joint restore test every quarter"],
    ["Firewall rule changes", "R (implements)", "A (approves)",
     "Standard changes within 2 business days"],
    ["User and access management in applications", "-", "R",
     "Fjordline identity platform"],
    ["Decision to fail over to the secondary site", "C", "A",
     "Taken by the Fjordline Incident Manager"],
]

FEES = [
    ["Item", "Price (NOK, excl. VAT)", "Basis"],
    ["Monthly base fee (reserved capacity)", "186,000", "per month"],
    ["Additional vCPU", "210", "per vCPU per month"],
    ["Additional memory", "48", "per GB RAM per month"],
    ["Additional SSD storage", "0.95", "per GB per month"],
    ["Backup storage above 120 TB", "0.35", "per GB per month"],
    ["Data egress above 10 TB per month", "0.40", "per GB"],
    ["Onboarding and migration", "240,000", "one-off"],
    ["Consultant hours outside the fixed scope", "1,250", "per hour"],
]

CREDITS = [
    ["Monthly availability, production platform", "Service credit"],
    ["Below 99.9% but at least 99.5%", "5% of the monthly base fee"],
    ["Below 99.5% but at least 99.0%", "10% of the monthly base fee"],
    ["Below 99.0%", "25% of the monthly base fee"],
]


def add_table(doc: Document, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def make_docx(path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Contract summary: Skarvik Cloud Services hosting agreement"
    doc.core_properties.author = "Fjordline Seafoods AS, IT Vendor Manager"
    doc.styles["Normal"].font.size = Pt(10.5)

    doc.add_heading("Contract Summary: Cloud Hosting Agreement with Skarvik Cloud Services AS", 0)
    doc.add_paragraph(
        "Prepared by the IT Vendor Manager, 10 November 2025. Classification: Internal. "
        "This summary is for Fjordline staff who work with the hosting service. It is not "
        "the contract: if this summary and the signed agreement differ, the signed "
        "agreement applies.")

    doc.add_heading("1. Key terms", 1)
    doc.add_paragraph(
        "The cloud hosting agreement (contract reference SKV-FJ-2025-07) was signed on "
        "3 November 2025 by the CIO for Fjordline Seafoods AS and by the Managing Director "
        "of Skarvik Cloud Services AS. The agreement runs from 1 January 2026 to "
        "31 December 2028.")
    doc.add_paragraph(
        "After the initial term the agreement renews automatically for periods of 12 months "
        "unless either party gives written notice no later than 9 months before the end of "
        "the current term. For the initial term the last day to give notice is 31 March 2028.")
    doc.add_paragraph(
        "Skarvik runs the service from its primary data centre in Stavanger, with the "
        "secondary site in Oslo. All Fjordline data, including backups, stays in Norway. "
        "Skarvik is registered as a Tier 1 supplier in the supplier register.")
    doc.add_paragraph(
        "The committed contract value is NOK 6,936,000 excluding VAT (36 months of base fee "
        "plus the onboarding fee). The contract was approved by the CEO on 28 October 2025 "
        "on the recommendation of the IT Steering Committee.")

    doc.add_heading("2. Services", 1)
    doc.add_heading("2.1 Services in scope", 2)
    doc.add_paragraph("The agreement covers the following services:")
    for item in [
        "A private cloud platform with reserved capacity of 180 vCPU, 1,400 GB of memory "
        "and 60 TB of SSD storage.",
        "Managed virtual machines, including operating system patching and monitoring.",
        "Backup of all hosted servers, with one immutable copy kept for 30 days.",
        "Continuous replication of ColdTrack and TrawlWMS from Stavanger to Oslo.",
        "DDoS protection and managed perimeter firewalls.",
        "A 24/7 network operations centre with a Norwegian-speaking duty engineer.",
    ]:
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("2.2 Service levels", 2)
    doc.add_paragraph(
        "Skarvik guarantees a monthly availability of 99.9% for the production platform and "
        "99.5% for the test platform. Planned maintenance takes place in a monthly window "
        "on the second Sunday of the month between 01:00 and 05:00 and does not count as "
        "downtime. Critical tickets raised by Fjordline get a response within 15 minutes, "
        "24/7.")

    doc.add_heading("3. Responsibility matrix", 1)
    doc.add_paragraph(
        "The matrix shows who does what in daily operations. R = responsible, "
        "A = approves, C = consulted, I = informed.")
    add_table(doc, RESPONSIBILITY)
    doc.add_paragraph(
        "Anything not listed in the matrix is Fjordline's responsibility unless it is "
        "agreed through a change request.")

    doc.add_heading("4. Fees", 1)
    doc.add_paragraph(
        "Fees are invoiced monthly in advance. Usage above the reserved capacity is "
        "measured daily and invoiced monthly in arrears.")
    add_table(doc, FEES)
    doc.add_paragraph(
        "Prices are adjusted every year on 1 January in line with the consumer price index "
        "of Statistics Norway, with an annual cap of 5%. The first adjustment is on "
        "1 January 2027. Payment terms are 30 days.")

    doc.add_heading("5. Service credits", 1)
    doc.add_paragraph(
        "If the production platform availability falls below 99.9% in a month, Fjordline "
        "receives a service credit on the next invoice:")
    add_table(doc, CREDITS)
    doc.add_paragraph(
        "Service credits are capped at 25% of the monthly base fee. If availability is "
        "below 99.0% in two consecutive months, Fjordline may terminate the agreement "
        "with immediate effect.")

    doc.add_heading("6. Liability, security and exit", 1)
    doc.add_paragraph(
        "Skarvik's liability is limited to 12 months of fees. For breaches of data "
        "protection and confidentiality obligations the cap is raised to NOK 10 million. "
        "Skarvik must notify Fjordline of security incidents within 24 hours and accepts "
        "audits with 20 working days' notice.")
    doc.add_paragraph(
        "On exit, Skarvik returns all data in open formats within 30 days, provides exit "
        "assistance for up to 6 months at the consultant hourly rate, and deletes all "
        "Fjordline data within 60 days after Fjordline confirms receipt.")

    doc.add_heading("7. Follow-up and open points", 1)
    for item in [
        "Skarvik delivers the first exit plan by 1 February 2026 (90 days after signature).",
        "The first quarterly service review is planned for April 2026.",
        "Skarvik's ISO/IEC 27001 certificate expires in September 2026; the IT Security "
        "Manager will ask for the renewed certificate.",
        "Fjordline still has to decide whether the Trondheim terminal's local server "
        "moves to the Skarvik platform in 2026.",
    ]:
        doc.add_paragraph(item, style="List Bullet")

    doc.core_properties.created = __import__("datetime").datetime(2025, 11, 10)
    doc.core_properties.modified = __import__("datetime").datetime(2025, 11, 10)
    doc.save(str(path))


if __name__ == "__main__":
    DOCS.mkdir(exist_ok=True)
    make_pdf(DOCS / "nordwave-proposal.pdf")
    make_docx(DOCS / "cloud-hosting-contract-summary.docx")
    print("wrote", DOCS / "nordwave-proposal.pdf")
    print("wrote", DOCS / "cloud-hosting-contract-summary.docx")
