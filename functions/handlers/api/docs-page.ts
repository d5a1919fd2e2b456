/**
 * The OpenAPI document rendered as one self-contained HTML page (no script, no external style): each
 * operation with its access, parameters, request body and responses, and the named schemas.
 */

type Json = Record<string, unknown>;

const html = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page for `document` (an OpenAPI 3.1 document as buildOpenApi makes it). */
export function renderDocsPage(document: Json): string {
  const info = document.info as { title: string; version: string; description?: string };
  const paths = document.paths as Record<string, Record<string, Json>>;
  const schemas = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => renderOperation(method, path, operation)),
  );
  const components = Object.entries(schemas).map(
    ([name, schema]) =>
      `<section id="schema-${html(name)}"><h3>${html(name)}</h3>${schema.description ? `<p>${html(schema.description)}</p>` : ''}<pre>${html(JSON.stringify(schema, null, 2))}</pre></section>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(info.title)} ${html(info.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f4f4;padding:.6rem;overflow:auto}
.method{display:inline-block;min-width:3.5rem;font-weight:700}.access{color:#555;font-size:13px}
section{border-top:1px solid #ddd;padding:.4rem 0}table{border-collapse:collapse}td,th{text-align:left;padding:.15rem .6rem .15rem 0;vertical-align:top}</style>
</head><body>
<h1>${html(info.title)} <small>${html(info.version)}</small></h1>
<p>${html(info.description ?? '')}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${html(document.openapi)}).</p>
<h2>Operations</h2>
${operations.join('\n')}
<h2>Schemas</h2>
${components.join('\n')}
</body></html>
`;
}

function renderOperation(method: string, path: string, operation: Json): string {
  const parameters = (operation.parameters ?? []) as Array<{
    name: string;
    in: string;
    required: boolean;
    schema: Json;
  }>;
  const responses = operation.responses as Record<
    string,
    { description: string; content?: Record<string, { schema: Json }> }
  >;
  const body = (operation.requestBody as { content: Record<string, { schema: Json }> } | undefined)?.content;
  const rows = parameters.map(
    (p) =>
      `<tr><td><code>${html(p.name)}</code></td><td>${html(p.in)}${p.required ? ', required' : ''}</td><td><code>${html(schemaText(p.schema))}</code></td></tr>`,
  );
  const answers = Object.entries(responses).map(
    ([status, r]) =>
      `<tr><td>${html(status)}</td><td>${html(r.description)}</td><td>${Object.entries(r.content ?? {})
        .map(([type, c]) => `<code>${html(type)}</code> ${html(schemaText(c.schema))}`)
        .join('<br>')}</td></tr>`,
  );
  return `<section id="${html(operation.operationId)}">
<h3><span class="method">${html(method.toUpperCase())}</span> <code>${html(path)}</code></h3>
<p>${html(operation.summary)} <span class="access">(access: ${html(operation['x-access'])})</span></p>
${rows.length ? `<table><tr><th>parameter</th><th>in</th><th>schema</th></tr>${rows.join('')}</table>` : ''}
${
  body
    ? `<p>Body: ${Object.entries(body)
        .map(([type, c]) => `<code>${html(type)}</code> ${html(schemaText(c.schema))}`)
        .join(', ')}</p>`
    : ''
}
<table><tr><th>status</th><th>answer</th><th>body</th></tr>${answers.join('')}</table>
</section>`;
}

/** A one-line summary of a schema: a component name, a type with its limits, or an enumeration. */
function schemaText(schema: Json): string {
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1)!;
  if (Array.isArray(schema.enum)) return schema.enum.join(' | ');
  const limits = ['pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'default']
    .filter((k) => schema[k] !== undefined)
    .map((k) => `${k} ${JSON.stringify(schema[k])}`);
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  return limits.length ? `${type} (${limits.join(', ')})` : type;
}
