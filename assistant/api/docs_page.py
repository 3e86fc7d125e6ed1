"""The API reference page, rendered from the OpenAPI schema with nothing fetched from elsewhere."""

import html
import json

# The web app promises that a browser only ever talks to it: no CDN-hosted Swagger UI, one static page.
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h2{font-size:1.05rem;margin-top:2rem}code,pre{background:#f4f4f5;border-radius:4px;padding:.1rem .3rem}
pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap}.method{font-weight:700;color:#1d4ed8}"""


def _schema(operation: dict, components: dict) -> str:
    """Return the request body schema of an operation, with its $ref resolved one level."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    name = schema.get("$ref", "").rsplit("/", 1)[-1]
    resolved = components.get(name, schema)
    return json.dumps(resolved.get("properties", resolved), indent=2) if resolved else ""


def render_docs(spec: dict, base: str) -> str:
    """Return the HTML page listing every operation of an OpenAPI schema served under `base`."""
    e = html.escape
    components = spec.get("components", {}).get("schemas", {})
    parts = [f"<h1>{e(spec['info']['title'])}</h1>",
             f"<p style='white-space:pre-wrap'>{e(spec['info'].get('description', ''))}</p>",
             f"<p>Machine-readable: <a href='{e(base)}/openapi.json'><code>{e(base)}/openapi.json</code></a></p>"]
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            parts.append(f"<h2><span class='method'>{e(method.upper())}</span> <code>{e(base + path)}</code></h2>")
            parts.append(f"<p><strong>{e(operation.get('summary', ''))}</strong></p>")
            if operation.get("description"):
                parts.append(f"<p style='white-space:pre-wrap'>{e(operation['description'])}</p>")
            body = _schema(operation, components)
            if body:
                parts.append(f"<p>Request body:</p><pre>{e(body)}</pre>")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(spec['info']['title'])}</title>"
            f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>")
