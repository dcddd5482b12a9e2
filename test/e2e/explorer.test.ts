import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusCopy, skipReason, type Opened } from './session.js';

const reason = skipReason();

describe.skipIf(!!reason)('explorer', () => {
  describe('microservices-demo', () => {
    let opened: Opened;
    beforeAll(async () => {
      opened = await openCorpusCopy('microservices-demo', (folder) => symlinkSync(join(folder, 'nowhere.yaml'), join(folder, 'dangling.yaml')));
    });
    afterAll(async () => {
      const errors = opened?.pageErrors ?? [];
      await opened?.close();
      expect(errors).toEqual([]);
    });

    it('shows the classified tree with kind badges', async () => {
      const { workbench } = opened;
      await workbench.waitForProject('project');
      const explorer = workbench.explorer;
      await explorer.reveal('kubernetes-manifests/cartservice.yaml');
      expect(await explorer.item('kubernetes-manifests/cartservice.yaml').getAttribute('data-kind')).toBe('kubernetes');
      expect(await explorer.badge('kubernetes-manifests/cartservice.yaml').getAttribute('data-kind')).toBe('kubernetes');
      expect(await explorer.badge('kubernetes-manifests/cartservice.yaml').getAttribute('aria-label')).toBe('Kubernetes');
      await explorer.reveal('protos/demo.proto');
      expect(await explorer.badge('protos/demo.proto').getAttribute('aria-label')).toBe('Protobuf');
      // Files Archbench does not model get no badge, to keep the tree calm.
      await explorer.item('LICENSE').waitFor();
      expect(await explorer.badge('LICENSE').count()).toBe(0);
      // Accessible tree markup.
      expect(await explorer.tree.getAttribute('role')).toBe('tree');
      expect(await explorer.item('protos/demo.proto').getAttribute('role')).toBe('treeitem');
      expect(await workbench.page.getByTestId('status-artifacts').textContent()).toMatch(/\d+ artifacts/);
    });

    it('marks files that were skipped, with the reason, and lists them under Problems', async () => {
      const { workbench } = opened;
      const item = workbench.explorer.item('dangling.yaml');
      expect(await item.getAttribute('data-status')).toBe('skipped');
      expect(await item.getAttribute('title')).toContain('broken symbolic link');
      expect(await item.getByTestId('tree-status').getAttribute('title')).toContain('Skipped: broken symbolic link');
      await workbench.page.getByTestId('status-problems').click();
      await workbench.page.getByTestId('problems-list').getByText('dangling.yaml').waitFor();
      await workbench.page.getByTestId('panel-tab-output').click();
    });

    it('groups the files by artifact kind', async () => {
      const { workbench } = opened;
      const explorer = workbench.explorer;
      await explorer.setMode('kinds');
      await explorer.group('kubernetes').waitFor();
      await explorer.group('proto').waitFor();
      expect(await explorer.group('kubernetes').textContent()).toContain('Kubernetes');
      // Group rows come in the contract's kind order and hold their files.
      const kinds = await workbench.page.getByTestId('tree-group').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
      expect(kinds.indexOf('kubernetes')).toBeLessThan(kinds.indexOf('proto'));
      expect(await explorer.item('protos/demo.proto').getAttribute('data-kind')).toBe('proto');
      // Keyboard: collapse the focused group with ArrowLeft.
      await explorer.group('proto').click();
      await workbench.page.keyboard.press('ArrowLeft');
      await explorer.item('protos/demo.proto').waitFor({ state: 'detached' });
      await explorer.setMode('folders');
      await explorer.folder('protos').waitFor();
    });

    it('follows files created and deleted outside the workbench', async () => {
      const { workbench, folder } = opened;
      const explorer = workbench.explorer;
      mkdirSync(join(folder, 'api'), { recursive: true });
      writeFileSync(join(folder, 'api', 'orders.graphql'), 'type Query {\n  order(id: ID!): Order\n}\n\ntype Order {\n  id: ID!\n}\n');
      await explorer.reveal('api/orders.graphql');
      expect(await explorer.item('api/orders.graphql').getAttribute('data-kind')).toBe('graphql');
      rmSync(join(folder, 'kubernetes-manifests', 'adservice.yaml'));
      await explorer.item('kubernetes-manifests/adservice.yaml').waitFor({ state: 'detached' });
      await workbench.waitForOutput(/Files changed on disk: .*removed/);
    });
  });

  describe('vampi', () => {
    let opened: Opened;
    // A store that is not a database: main moves it aside, rebuilds it and says so.
    beforeAll(async () => {
      opened = await openCorpusCopy('vampi', (folder) => {
        mkdirSync(join(folder, '.archbench'));
        writeFileSync(join(folder, '.archbench', 'store.db'), 'this is not a SQLite database');
      });
    });
    afterAll(async () => {
      const errors = opened?.pageErrors ?? [];
      await opened?.close();
      expect(errors).toEqual([]);
    });

    it('badges the OpenAPI spec and the Compose file', async () => {
      const explorer = opened.workbench.explorer;
      await opened.workbench.waitForProject('project');
      await explorer.reveal('openapi_specs/openapi3.yml');
      expect(await explorer.badge('openapi_specs/openapi3.yml').getAttribute('data-kind')).toBe('openapi');
      expect(await explorer.badge('docker-compose.yaml').getAttribute('data-kind')).toBe('compose');
      expect(await explorer.badge('docker-compose.yaml').textContent()).toBe('Compose');
      // The accessible name carries the file name (the Electron test finds rows this way).
      await opened.workbench.page.getByRole('treeitem', { name: /openapi3\.yml/ }).first().waitFor();
    });

    it('shows the store notice until it is dismissed', async () => {
      const page = opened.workbench.page;
      const notice = page.getByTestId('store-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('rebuilt');
      await page.getByTestId('store-notice-dismiss').click();
      await notice.waitFor({ state: 'detached' });
      // Dismissed means dismissed: a reload does not bring the same notice back.
      await page.reload();
      await opened.workbench.waitForProject('project');
      expect(await notice.count()).toBe(0);
    });
  });
});
