/**
 * Image references: a mutable `latest` (or missing) tag, and tags not pinned by digest. Images a
 * kustomization beside the manifest rewrites (`images:` with newTag or digest) are left alone.
 */
import { posix } from 'node:path';
import { asArray, asRecord, asString } from '../../../ingest/elements.js';
import type { Rule, RuleContext, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { describeContainer, infraIndex, type InfraIndex } from './manifests.js';

interface ImageUse { image: string; owner: string; location: RuleHit['location']; element: string; key?: string }

export const imageLatestTag: Rule = {
  id: 'infra.image-latest-tag',
  title: 'Image uses the latest tag or no tag',
  category: 'reliability',
  severity: 'medium',
  stride: 'T',
  cwe: 494,
  rationale: 'An image without a tag means `:latest`, which points at whatever was pushed last: two nodes (or two `docker compose pull`s) '
    + 'run different code, a rollback redeploys the broken version, and an upstream release lands in production unreviewed.',
  remediation: 'Reference an immutable version tag (`postgres:16.4`, `app:1.8.2`), ideally with its digest (`@sha256:...`), and update it '
    + 'deliberately (Renovate, Dependabot).',
  references: [DOCS.images, DOCS.composeImage, DOCS.owaspDocker],
  check(context) {
    return oncePerElement(imageUses(context).map((use): RuleHit | undefined => {
      const reference = parseImage(use.image);
      if (!reference || reference.digest || (reference.tag && reference.tag !== 'latest')) return undefined;
      return {
        message: `${use.owner} uses image ${use.image}${reference.tag ? '' : ' with no tag (so :latest)'}: what runs changes with every push.`,
        location: use.location, element: use.element, key: use.key, evidence: `image: ${use.image}`,
      };
    }));
  },
};

export const imageNotPinned: Rule = {
  id: 'infra.image-not-pinned-by-digest',
  title: 'Image is not pinned by digest',
  category: 'reliability',
  severity: 'low',
  stride: 'T',
  cwe: 494,
  rationale: 'Tags are mutable: a registry compromise or a re-pushed tag changes the code that runs without any change to the manifest. '
    + 'A digest pins the exact image that was reviewed and scanned.',
  remediation: 'Append the digest to the reference (`redis:7.2.5@sha256:...`) and let a bot update tag and digest together.',
  references: [DOCS.images, 'https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier', DOCS.cisDocker],
  check(context) {
    return oncePerElement(imageUses(context).map((use): RuleHit | undefined => {
      const reference = parseImage(use.image);
      if (!reference || reference.digest || !reference.tag || reference.tag === 'latest') return undefined;
      return {
        message: `${use.owner} uses image ${use.image}, a tag that can be re-pushed; it is not pinned by digest.`,
        location: use.location, element: use.element, key: use.key, evidence: `image: ${use.image}`,
      };
    }));
  },
};

/** Image references of every Kubernetes container and every compose service that pulls (rather than builds) its image. */
function imageUses(context: RuleContext): ImageUse[] {
  const index = infraIndex(context);
  const uses: ImageUse[] = [];
  for (const workload of index.workloads) {
    const replaced = kustomizedImages(index, posix.dirname(workload.file));
    for (const container of [...workload.containers, ...workload.initContainers]) {
      const image = asString(container.value.image);
      if (!image || replaced.has(parseImage(image)?.name ?? image)) continue;
      uses.push({ image, owner: describeContainer(workload, container), location: container.at(['image']), element: workload.element, key: container.name });
    }
  }
  for (const service of index.composeServices) {
    const image = asString(service.value.image);
    if (!image || service.value.build !== undefined) continue; // built from source by this compose file
    uses.push({ image, owner: `Compose service ${service.name}`, location: service.at(['image']), element: service.element });
  }
  return uses;
}

/** Image names the kustomization of `directory` sets a tag or digest for. */
function kustomizedImages(index: InfraIndex, directory: string): Set<string> {
  return new Set(asArray(index.kustomization(directory)?.images).flatMap((entry) => {
    const record = asRecord(entry) ?? {};
    return typeof record.name === 'string' && (record.newTag !== undefined || record.digest !== undefined) ? [record.name] : [];
  }));
}

/** `registry:5000/team/app:1.2@sha256:...` -> name, tag, digest; undefined for templated references. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } | undefined {
  if (/\$\{|\{\{|\$\(/.test(image)) return undefined;
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash
    ? { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest }
    : { name: withoutDigest, digest };
}
