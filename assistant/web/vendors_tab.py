"""The Vendors tab: filter the vendor profiles, pick two or three, compare them side by side."""

import gradio as gr

from assistant.vendor_table import (
    MAX_COMPARED,
    TABLE_COLUMNS,
    VendorCatalog,
    comparison,
    filter_options,
    load_catalog,
    matches,
    table_row,
)


class VendorHandlers:
    """Event handlers of the Vendors tab; profiles are re-read so edited YAML files show up."""

    def __init__(self, settings):
        self.folder = settings.knowledge_dir / "vendors"

    def catalog(self) -> VendorCatalog:
        """Return the current vendor profiles."""
        return load_catalog(self.folder)

    def filter(self, services, certifications, delivery, regions):
        """Return (table rows, count line) of the vendors matching every chosen filter."""
        everyone = self.catalog().vendors
        vendors = [v for v in everyone if matches(v, services or (), certifications or (), delivery or (), regions or ())]
        total = len(everyone)
        count = f"{len(vendors)} of {total} vendor profiles match." if vendors else "No vendor matches every filter."
        return [table_row(v) for v in vendors], count

    def compare(self, names: list[str] | None):
        """Return the side-by-side comparison of the chosen vendors."""
        vendors = self.catalog().by_name(list(names or [])[:MAX_COMPARED])
        if len(vendors) < 2:
            return gr.update(value=None, visible=False), "Pick two or three vendors to compare them side by side."
        headers, rows = comparison(vendors)
        widths = ["16%"] + [f"{84 / len(vendors):.0f}%"] * len(vendors)
        return gr.update(value={"headers": headers, "data": rows}, visible=True, column_widths=widths), ""

    def pick(self, names: list[str] | None, selected: gr.SelectData):
        """Add the vendor of a clicked table row to the comparison (the oldest pick drops out past three)."""
        row = selected.row_value or []
        chosen = list(names or [])
        if row and row[0] not in chosen:
            chosen = (chosen + [row[0]])[-MAX_COMPARED:]
        return chosen

    def on_load(self):
        """Return the filter choices, the table and the vendor names."""
        catalog = self.catalog()
        options = filter_options(catalog)
        rows, count = self.filter([], [], [], [])
        problems = "\n".join(f"- {p}" for p in catalog.problems)
        warning = f"Some vendor profiles could not be read:\n{problems}" if problems else ""
        names = [v.name for v in catalog.vendors]
        return (
            gr.update(choices=options["services"]), gr.update(choices=options["certifications"]),
            gr.update(choices=options["delivery"]), gr.update(choices=options["regions"]),
            rows, count, gr.update(choices=names), gr.update(value=warning, visible=bool(warning)),
        )


def build_vendors_tab(handlers: VendorHandlers, demo: gr.Blocks) -> None:
    """Lay out the Vendors tab inside the current Blocks context and wire its events."""
    gr.Markdown("The profiles shipped with the project are **fictional samples**; replace them with your real vendors.")
    problems = gr.Markdown(visible=False)
    with gr.Row():
        services = gr.Dropdown(label="Service type", multiselect=True, choices=[], elem_id="vendor-services")
        certifications = gr.Dropdown(label="Certification", multiselect=True, choices=[], elem_id="vendor-certs")
        delivery = gr.Dropdown(label="Delivery model", multiselect=True, choices=[], elem_id="vendor-delivery")
        regions = gr.Dropdown(label="Region", multiselect=True, choices=[], elem_id="vendor-regions")
    count = gr.Markdown(elem_id="vendor-count")
    table = gr.Dataframe(headers=TABLE_COLUMNS, interactive=False, wrap=True, max_height=420, elem_id="vendor-table",
                         label="Vendor profiles (click a row to add it to the comparison)", elem_classes="plain-table",
                         column_widths=["15%", "19%", "11%", "12%", "15%", "10%", "18%"])
    compared = gr.Dropdown(label="Compare (two or three vendors)", multiselect=True, max_choices=MAX_COMPARED,
                           choices=[], elem_id="vendor-compare")
    hint = gr.Markdown("Pick two or three vendors to compare them side by side.")
    side_by_side = gr.Dataframe(interactive=False, wrap=True, visible=False, elem_id="vendor-comparison",
                                label="Side by side", max_height=1600, elem_classes="plain-table", pinned_columns=1)
    filters = [services, certifications, delivery, regions]
    demo.load(handlers.on_load, None, filters + [table, count, compared, problems], concurrency_limit=None,
              api_visibility="undocumented")
    for control in filters:
        control.change(handlers.filter, filters, [table, count], concurrency_limit=None, api_visibility="undocumented")
    table.select(handlers.pick, compared, compared, concurrency_limit=None, api_visibility="undocumented")
    compared.change(handlers.compare, compared, [side_by_side, hint], concurrency_limit=None, api_name="compare_vendors")
