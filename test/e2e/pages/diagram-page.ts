import type { Locator, Page } from 'playwright-core';

/** The system diagram and the ERD tabs: open them, read what they draw, click and search as a user does. */
export class DiagramPage {
  constructor(readonly page: Page) {}

  get view(): Locator { return this.page.getByTestId('diagram-view'); }
  get canvas(): Locator { return this.page.getByTestId('diagram-canvas'); }
  get erd(): Locator { return this.page.getByTestId('erd-view'); }
  get erdCanvas(): Locator { return this.page.getByTestId('erd-canvas'); }
  get inspector(): Locator { return this.page.getByTestId('inspector'); }

  /** Open the system diagram from the activity bar and wait until it is laid out. */
  async open(): Promise<void> {
    await this.page.getByTestId('activity-diagram').click();
    await this.waitReady();
  }

  /** Open the ERD from the command palette and wait until it is laid out. */
  async openErdFromPalette(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.page.getByTestId('palette-input').fill('>Open the ERD');
    await this.page.keyboard.press('Enter');
    await this.page.locator('[data-testid="erd-view"][data-state="ready"]').waitFor();
  }

  async openFromPalette(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.page.getByTestId('palette-input').fill('>Open the System Diagram');
    await this.page.keyboard.press('Enter');
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.locator('[data-testid="diagram-view"][data-state="ready"]').waitFor();
    await this.canvas.locator('[data-node]').first().waitFor();
  }

  /** Wait until the diagram shows `count` nodes (after the model or filters change). */
  async waitForNodeCount(count: number): Promise<void> {
    await this.page.locator(`[data-testid="diagram-view"][data-nodes="${count}"]`).waitFor();
  }

  node(id: string): Locator {
    return this.canvas.locator(`g[data-node="${id}"]`);
  }

  /** Ids of the nodes drawn now (culling draws only what is near the view: fit first to see all). */
  async nodeIds(): Promise<string[]> {
    return this.canvas.locator('g[data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!));
  }

  async edgeIds(): Promise<string[]> {
    return this.canvas.locator('path[data-edge]:not(.dg-hit)').evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')!));
  }

  /** The boundary names the canvas shows at screen size (zoomed far out), with their screen boxes. */
  async screenLabels(): Promise<Array<{ text: string; x: number; y: number; width: number; fontPx: number }>> {
    return this.page.getByTestId('diagram-canvas-screen-labels').locator('.zoom-screen-label').evaluateAll((els) => els
      .filter((e) => (e as HTMLElement).style.display !== 'none')
      .map((e) => {
        const box = e.getBoundingClientRect();
        return { text: e.textContent ?? '', x: box.x, y: box.y, width: box.width, fontPx: parseFloat(getComputedStyle(e).fontSize) };
      }));
  }

  /** Click the middle of an edge's line, where a user aims (the middle of its box may be off the line). */
  async clickEdge(id: string): Promise<void> {
    const point = await this.canvas.locator(`path.dg-hit[data-edge="${id}"]`).first().evaluate((path) => {
      const line = path as SVGPathElement;
      const at = line.getPointAtLength(line.getTotalLength() / 2);
      const screen = new DOMPoint(at.x, at.y).matrixTransform(line.getScreenCTM()!);
      return { x: screen.x, y: screen.y };
    });
    await this.page.mouse.click(point.x, point.y);
  }

  async fit(): Promise<void> {
    await this.page.getByTestId('diagram-fit').click();
  }

  /** Click a node's name (the click lands on the node, not on an edge passing by). */
  async clickNode(id: string): Promise<void> {
    await this.node(id).locator('text').first().click();
  }

  async doubleClickNode(id: string): Promise<void> {
    await this.node(id).locator('text').first().dblclick();
  }

  async toggleBlastRadius(): Promise<void> {
    await this.page.getByTestId('diagram-blast').click();
  }

  /** Node ids drawn with a tone (`danger` in blast-radius mode, `accent` for search hits). */
  async nodesWithTone(tone: string): Promise<string[]> {
    return this.canvas.locator(`g[data-node][data-tone="${tone}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!));
  }

  /** Pick an attack path in the toolbar (empty id: leave attack-path mode). */
  async pickAttackPath(id: string): Promise<void> {
    await this.page.getByTestId('diagram-attack-path').selectOption(id);
  }

  /** Hops drawn as lacking controls in attack-path mode: diagram edge id -> missing control names. */
  async attackHops(): Promise<Record<string, string[]>> {
    const hops = await this.canvas.locator('g[data-attack-hop]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-attack-hop')!, e.getAttribute('data-missing')!] as const));
    return Object.fromEntries(hops.map(([edge, missing]) => [edge, missing.split(' ')]));
  }

  /** A node's box in diagram coordinates (independent of pan and zoom). */
  async nodeBox(id: string): Promise<{ x: number; y: number; width: number; height: number }> {
    return this.node(id).locator(':scope > path:not([transform])').last().evaluate((e) => {
      const box = (e as SVGGraphicsElement).getBBox();
      return { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
    });
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('diagram-search').fill(text);
    await this.page.getByTestId('diagram-search').press('Enter');
  }

  async tableIds(): Promise<string[]> {
    return this.erdCanvas.locator('g[data-table]').evaluateAll((els) => els.map((e) => e.getAttribute('data-table')!));
  }

  /** Drag a node by an offset in screen pixels. */
  async dragNode(id: string, dx: number, dy: number): Promise<void> {
    await this.dragBy(this.node(id).locator('text').first(), dx, dy);
  }

  /** Drag an ERD table by its name. */
  async dragTable(id: string, dx: number, dy: number): Promise<void> {
    await this.dragBy(this.erdCanvas.locator(`g[data-table="${id}"] text`).first(), dx, dy);
  }

  private async dragBy(handle: Locator, dx: number, dy: number): Promise<void> {
    const box = (await handle.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 4 });
    await this.page.mouse.up();
  }
}
