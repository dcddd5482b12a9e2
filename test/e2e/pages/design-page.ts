import type { Locator, Page } from 'playwright-core';
import { DiagramPage } from './diagram-page.js';

/** Design mode on the system diagram, and the New Project / API Spec / Migration dialogs, as a user drives them. */
export class DesignPage {
  readonly diagram: DiagramPage;

  constructor(readonly page: Page) {
    this.diagram = new DiagramPage(page);
  }

  get toggle(): Locator { return this.page.getByTestId('design-toggle'); }
  get bar(): Locator { return this.page.getByTestId('design-bar'); }
  get status(): Locator { return this.page.getByTestId('design-status'); }
  get error(): Locator { return this.page.getByTestId('design-error'); }
  get undoButton(): Locator { return this.page.getByTestId('design-undo'); }
  get redoButton(): Locator { return this.page.getByTestId('design-redo'); }
  get flowDetails(): Locator { return this.page.getByTestId('flow-details'); }
  get componentProps(): Locator { return this.page.getByTestId('design-component-props'); }
  /** The canvas's moving layer: its transform is the viewport (pan and zoom). */
  get scene(): Locator { return this.diagram.canvas.locator(':scope > g[transform]'); }

  /** Turn design mode on (the diagram must be open). */
  async enable(): Promise<void> {
    if ((await this.toggle.getAttribute('aria-pressed')) !== 'true') await this.toggle.click();
    await this.bar.waitFor();
  }

  /** Add a component through the toolbar's dialog. */
  async addComponent(name: string, kind: string): Promise<void> {
    await this.page.getByTestId('design-add-component').click();
    const dialog = this.page.getByTestId('design-add-component-dialog');
    await this.page.getByTestId('design-component-name').fill(name);
    await this.page.getByTestId('design-component-kind').selectOption(kind);
    await dialog.getByTestId('design-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Add a flow by clicking its source and target on the diagram, then choosing the protocol; `whilePicking` runs before the target is clicked. */
  async addFlowByPicking(from: string, to: string, protocol: string, whilePicking?: () => Promise<unknown>): Promise<void> {
    await this.page.getByTestId('design-add-flow').click();
    await this.status.getByText('Click the source component').waitFor();
    await this.diagram.clickNode(from);
    await this.status.getByText('Click the target component… Esc to cancel').waitFor();
    await whilePicking?.();
    await this.diagram.clickNode(to);
    const dialog = this.page.getByTestId('design-add-flow-dialog');
    await dialog.waitFor();
    await this.page.getByTestId('design-flow-protocol').fill(protocol);
    await dialog.getByTestId('design-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Type a value into a property field of the inspector and press Enter (written to archbench.yaml). */
  async setProperty(testId: string, value: string): Promise<void> {
    const field = this.page.getByTestId(testId);
    await field.fill(value);
    await field.press('Enter');
  }

  /** Wait until the Undo button's tooltip names `label` (main's history says what undo would revert). */
  async waitForUndoLabel(label: string): Promise<void> {
    await this.page.locator(`[data-testid="design-undo"][title*="${label}"]`).waitFor();
  }

  async waitForNode(id: string): Promise<void> {
    await this.diagram.node(id).waitFor();
  }

  async waitForNoNode(id: string): Promise<void> {
    await this.diagram.node(id).waitFor({ state: 'detached' });
  }

  edge(id: string): Locator {
    return this.diagram.canvas.locator(`path[data-edge="${id}"]:not(.dg-hit)`);
  }

  /** Run a palette command and fill its dialog's first field. */
  async runDialogCommand(command: string, dialogTestId: string): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.page.getByTestId('palette-input').fill(`>${command}`);
    await this.page.keyboard.press('Enter');
    const dialog = this.page.getByTestId(dialogTestId);
    await dialog.waitFor();
    return dialog;
  }
}
