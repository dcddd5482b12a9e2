// Job and CronJob rules, plus removed API versions.
import { describe, expect, it } from 'vitest';
import { deprecatedApiVersion } from '../../../../main/analysis/rules/infra/api-versions.js';
import { cronJobConcurrencyPolicy, cronJobDeadlineMissing, jobDeadlineMissing, jobTtlMissing } from '../../../../main/analysis/rules/infra/jobs.js';
import { at, edit, GOOD_JOBS, GOOD_K8S, none, only } from './support.js';

describe('infra.cronjob-deadline-missing', () => {
  it('reports a CronJob without startingDeadlineSeconds, at its schedule', () => {
    const files = { 'jobs.yaml': edit(GOOD_JOBS, '  startingDeadlineSeconds: 300\n', '') };
    expect(only(cronJobDeadlineMissing, files)).toMatchObject({ element: 'nightly-report', location: at(files, 'jobs.yaml', 'schedule:') });
  });

  it('is silent when it is set', () => {
    none(cronJobDeadlineMissing, { 'jobs.yaml': GOOD_JOBS });
  });
});

describe('infra.cronjob-concurrency-policy', () => {
  it('reports a CronJob without concurrencyPolicy, at its schedule', () => {
    const files = { 'jobs.yaml': edit(GOOD_JOBS, '  concurrencyPolicy: Forbid\n', '') };
    expect(only(cronJobConcurrencyPolicy, files).location).toMatchObject(at(files, 'jobs.yaml', 'schedule:'));
  });

  it('is silent when a policy is written, even Allow', () => {
    none(cronJobConcurrencyPolicy, { 'jobs.yaml': GOOD_JOBS });
    none(cronJobConcurrencyPolicy, { 'jobs.yaml': edit(GOOD_JOBS, 'concurrencyPolicy: Forbid', 'concurrencyPolicy: Allow') });
  });
});

describe('infra.job-ttl-missing', () => {
  it('reports a Job without ttlSecondsAfterFinished, at its spec', () => {
    const files = { 'jobs.yaml': edit(GOOD_JOBS, '  ttlSecondsAfterFinished: 600\n', '') };
    const finding = only(jobTtlMissing, files);
    expect(finding).toMatchObject({ element: 'migrate', location: at(files, 'jobs.yaml', 'spec:', 1) });
  });

  it('is silent when set, and for CronJobs (their history limits clean up)', () => {
    none(jobTtlMissing, { 'jobs.yaml': GOOD_JOBS });
  });
});

describe('infra.job-deadline-missing', () => {
  it('reports a CronJob job template without activeDeadlineSeconds, at the job spec', () => {
    const files = { 'jobs.yaml': edit(GOOD_JOBS, '      activeDeadlineSeconds: 3600\n', '') };
    const finding = only(jobDeadlineMissing, files);
    expect(finding.location).toMatchObject(at(files, 'jobs.yaml', '    spec:', 2));
    expect(finding.message).toBe('CronJob nightly-report sets no activeDeadlineSeconds (and no backoffLimit, so 6 retries): a hung run never ends.');
  });

  it('is silent when set', () => {
    none(jobDeadlineMissing, { 'jobs.yaml': GOOD_JOBS });
  });
});

describe('infra.deprecated-api-version', () => {
  it('reports a removed API version at apiVersion, naming the replacement', () => {
    const files = { 'shop.yaml': edit(GOOD_K8S, 'apiVersion: policy/v1', 'apiVersion: policy/v1beta1') };
    const finding = only(deprecatedApiVersion, files);
    expect(finding.location).toMatchObject(at(files, 'shop.yaml', 'apiVersion: policy/v1beta1'));
    expect(finding.message).toBe('PodDisruptionBudget shop/api uses policy/v1beta1, which Kubernetes 1.25 and later no longer serve; use policy/v1.');
  });

  it('is silent for served versions', () => {
    none(deprecatedApiVersion, { 'shop.yaml': GOOD_K8S, 'jobs.yaml': GOOD_JOBS });
  });
});
