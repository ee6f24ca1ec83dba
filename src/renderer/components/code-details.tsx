/**
 * The codes behind a sentence (claim values, context ids, request ids), for the help desk and
 * the curious: behind a "Details" disclosure, never in the prose itself.
 */
export function CodeDetails({ items }: { readonly items: readonly { readonly label: string; readonly codes: readonly string[] }[] }) {
  const shown = items.filter((item) => item.codes.length > 0);
  if (shown.length === 0) {
    return null;
  }
  return (
    <details className="code-details">
      <summary>Details</summary>
      <dl className="facts">
        {shown.map((item) => (
          <div key={item.label} className="fact">
            <dt>{item.label}</dt>
            <dd>
              {item.codes.map((code, i) => (
                <span key={code}>
                  {i > 0 ? ', ' : ''}
                  <code>{code}</code>
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
