import type { Component, Endpoint, Flow } from '../../../shared/model/model.js';
import { Icon } from '../../workbench/Icon.js';
import { KIND_ICONS, KIND_LABELS } from '../analysis/labels.js';
import { endpointSecurity, SECTION_LABELS, type ModelRow } from './model-rows.js';

const location = (l: { file: string; line: number }) => `${l.file}:${l.line}`;

/** What one row of the Model view shows. */
export function ModelRowContent({ row }: { row: ModelRow }) {
  switch (row.type) {
    case 'section':
      return (
        <>
          <span className="row-label model-section-label">{SECTION_LABELS[row.section]}</span>
          <span className="row-spacer" />
          <span className="row-count">{row.shown === row.total ? row.total : `${row.shown} of ${row.total}`}</span>
        </>
      );
    case 'kind':
      return (
        <>
          <span className="row-icon model-kind-icon" data-kind={row.kind}><Icon name={KIND_ICONS[row.kind]} /></span>
          <span className="row-label">{KIND_LABELS[row.kind]}</span>
          <span className="row-spacer" />
          <span className="row-count">{row.shown}</span>
        </>
      );
    case 'component':
      return <ComponentContent component={row.component} />;
    case 'source':
      return (
        <>
          <span className="row-icon"><Icon name="go-to-file" /></span>
          <span className="row-label model-source">{location(row.location)}</span>
          {row.primary && <span className="row-detail">primary</span>}
        </>
      );
    case 'flow':
      return <FlowContent flow={row.flow} />;
    case 'boundary':
      return (
        <>
          <span className="row-icon"><Icon name="shield" /></span>
          <span className="row-label">{row.boundary.name}</span>
          <span className="row-detail">{row.boundary.kind}</span>
          <span className="row-count" title={`${row.boundary.components.length} members`}>{row.shown}</span>
        </>
      );
    case 'member':
      return (
        <>
          <span className="row-icon model-kind-icon" data-kind={row.component?.kind}><Icon name={row.component ? KIND_ICONS[row.component.kind] : 'circle-large-outline'} /></span>
          <span className="row-label">{row.component?.name ?? row.componentId}</span>
          {!row.component && <span className="row-detail">not in the model</span>}
        </>
      );
    case 'endpoint-group':
      return (
        <>
          <span className="row-icon"><Icon name="symbol-interface" /></span>
          <span className="row-label">{row.label}</span>
          <span className="row-detail">{row.detail}</span>
          <span className="row-count">{row.shown}</span>
        </>
      );
    case 'endpoint':
      return <EndpointContent endpoint={row.endpoint} />;
  }
}

function ComponentContent({ component }: { component: Component }) {
  const facts = [
    `${component.name}: ${component.kind}${component.kindReason ? ` (from ${component.kindReason})` : ''}`,
    component.image && `Image: ${component.image}`,
    component.replicas !== undefined && `Replicas: ${component.replicas}`,
    component.internetFacing && 'Reachable from the internet',
    `Defined in ${component.sources.map(location).join(', ')}`,
  ].filter(Boolean).join('\n');
  return (
    <>
      <span className="row-icon model-kind-icon" data-kind={component.kind}><Icon name={KIND_ICONS[component.kind]} /></span>
      <span className="row-label" title={facts}>{component.name}</span>
      <span className="row-spacer" />
      {component.internetFacing && <span className="model-internet" title="Reachable from the internet" data-testid="internet-facing"><Icon name="globe" /></span>}
      {component.replicas !== undefined && (
        <span className={`model-replicas${component.replicas < 2 ? ' single' : ''}`} title={`${component.replicas} replica${component.replicas === 1 ? '' : 's'}`}>×{component.replicas}</span>
      )}
      {component.sources.length > 1 && <span className="row-count" title={`${component.sources.length} files describe it`}>{component.sources.length} files</span>}
    </>
  );
}

function FlowContent({ flow }: { flow: Flow }) {
  const facts = [
    `${flow.from} → ${flow.to} over ${flow.protocol}${flow.port ? ` (port ${flow.port})` : ''}${flow.sync === false ? ', asynchronous' : ''}`,
    `Inferred from ${flow.inferredFrom.join(', ') || 'nothing recorded'}`,
    flow.timeoutMs !== undefined && `Timeout: ${flow.timeoutMs} ms`,
    flow.retries !== undefined && `Retries: ${flow.retries}`,
    flow.circuitBreaker !== undefined && `Circuit breaker: ${flow.circuitBreaker ? 'yes' : 'no'}`,
    `Source: ${location(flow.source)}`,
  ].filter(Boolean).join('\n');
  return (
    <span className="model-flow" title={facts}>
      <span className="model-flow-line">
        <span className="model-flow-end">{flow.from}</span>
        <Icon name="arrow-right" className="model-flow-arrow" />
        <span className="model-flow-end">{flow.to}</span>
      </span>
      <span className="model-flow-origin">
        <span className="model-protocol">{flow.protocol}</span>
        <span className="model-flow-from">{flow.inferredFrom.join(', ')}</span>
      </span>
    </span>
  );
}

function EndpointContent({ endpoint }: { endpoint: Endpoint }) {
  const security = endpointSecurity(endpoint);
  const schemes = endpoint.security.flatMap((r) => Object.keys(r));
  const securityTitle = security === 'secured' ? `Secured: ${[...new Set(schemes)].join(', ')}` : security === 'open' ? 'Explicitly no security' : 'The spec says nothing about security';
  return (
    <>
      <span className={`model-method method-${endpoint.method.toLowerCase()}`}>{endpoint.method === 'rpc' ? 'RPC' : endpoint.method.toUpperCase()}</span>
      <span className={`row-label${endpoint.deprecated ? ' deprecated' : ''}`} title={`${endpoint.method.toUpperCase()} ${endpoint.path}${endpoint.operationId ? ` (${endpoint.operationId})` : ''}\n${location(endpoint.source)}`}>{endpoint.path}</span>
      <span className="row-spacer" />
      {security === 'secured' && <span className="model-lock" title={securityTitle} data-testid="endpoint-secured"><Icon name="lock" /></span>}
      {security === 'open' && <span className="model-lock open" title={securityTitle}><Icon name="unlock" /></span>}
    </>
  );
}
