/**
 * Graph collection answers: `$expand`, `$filter`, `$select`, `$top` and server-driven paging (`$skiptoken`,
 * `@odata.nextLink`) over a list of resources.
 */
import type { InboundRequest, Reply } from '../http/http-kit';
import type { TenantModel } from '../model/tenant-model';
import { graphError, graphJson, type GraphCall } from './graph-errors';
import { applySelect, decodeSkipToken, encodeSkipToken, matchesFilter, parseExpand, parseFilter, type ExpandItem } from './odata';

/** The navigation properties a collection may `$expand`, each with the function that reads it for an item. */
export type Expandable = Readonly<Record<string, (item: Record<string, unknown>) => unknown>>;

/** What paging needs from the request being answered. */
export type PageSource = {
  readonly request: InboundRequest;
  readonly call: GraphCall;
  readonly model: TenantModel;
  readonly origin: string;
};

/** A collection response with $filter, $expand, $select, $top and paging. */
export function collection(source: PageSource, items: Record<string, unknown>[], entity: string, expandable: Expandable): Reply {
  const { call } = source;
  const params = source.request.url.searchParams;
  const expand = parseExpand(params.get('$expand'));
  if (expand === null) {
    return graphError(call, 400, 'BadRequest', 'Invalid $expand query option.');
  }
  for (const item of expand) {
    if (expandable[item.name] === undefined) {
      return graphError(
        call,
        400,
        'BadRequest',
        `Could not find a property named '${item.name}' on type 'microsoft.graph.${entity.split('/').pop() ?? entity}'.`,
      );
    }
  }
  let result = items.map((item) => expanded(item, expand, expandable));
  const filterText = params.get('$filter');
  if (filterText !== null) {
    const clauses = parseFilter(filterText);
    if (clauses === null) {
      return graphError(call, 400, 'BadRequest', `Invalid filter clause: ${filterText}`);
    }
    result = result.filter((item) => matchesFilter(item, clauses));
  }
  const select = params.get('$select');
  result = result.map((item) => {
    const projected = applySelect(item, select);
    for (const entry of expand) {
      projected[entry.name] = item[entry.name];
    }
    return projected;
  });
  const contextName = entity.includes('/') ? entity : `Collection(${entity})`;
  return page(source, result, contextName);
}

function expanded(item: Record<string, unknown>, expand: readonly ExpandItem[], expandable: Expandable): Record<string, unknown> {
  const result: Record<string, unknown> = { ...item };
  for (const entry of expand) {
    const expander = expandable[entry.name];
    if (expander !== undefined) {
      result[entry.name] = expander(item);
    }
  }
  return result;
}

/** One page of `items` (the tenant's Graph page size, or `$top` when smaller), with a next link when more remain. */
export function page(source: PageSource, items: Record<string, unknown>[], contextName: string): Reply {
  const { request, call, origin } = source;
  const params = request.url.searchParams;
  const offset = decodeSkipToken(params.get('$skiptoken'));
  if (offset === null) {
    return graphError(call, 400, 'BadRequest', 'The $skiptoken is not valid.');
  }
  const topText = params.get('$top');
  const top = topText === null ? null : Number(topText);
  if (top !== null && (!Number.isInteger(top) || top < 1 || top > 999)) {
    return graphError(call, 400, 'BadRequest', "Invalid value for '$top': it must be an integer between 1 and 999.");
  }
  const size = Math.min(source.model.settings.graphPageSize, top ?? Number.MAX_SAFE_INTEGER);
  const slice = items.slice(offset, offset + size);
  const body: Record<string, unknown> = { '@odata.context': `${origin}/v1.0/$metadata#${contextName}` };
  if (offset + size < items.length) {
    // Keep the client's own query text (Graph writes `$skiptoken=` unencoded) and replace only the skip token.
    const kept = request.url.search
      .replace(/^\?/, '')
      .split('&')
      .filter((part) => part !== '' && !/^(\$|%24)skiptoken=/i.test(part));
    kept.push(`$skiptoken=${encodeSkipToken(offset + size)}`);
    body['@odata.nextLink'] = `${origin}${request.url.pathname}?${kept.join('&')}`;
  }
  body.value = slice;
  return graphJson(call, 200, body);
}
