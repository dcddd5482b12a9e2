/**
 * Jobs and CronJobs: missed schedules, overlapping runs, finished Jobs that are never cleaned up
 * and runs that may hang forever.
 */
import { asRecord } from '../../../ingest/elements.js';
import type { Rule, RuleHit } from '../../rule.js';
import { DOCS } from './docs.js';
import { oncePerElement } from './hits.js';
import { dig, infraIndex, type Path, type Workload } from './manifests.js';

export const cronJobDeadlineMissing: Rule = {
  id: 'infra.cronjob-deadline-missing',
  title: 'CronJob has no startingDeadlineSeconds',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 754,
  rationale: 'Without startingDeadlineSeconds the controller counts every schedule missed since the last run (controller downtime, a '
    + 'suspended CronJob, Forbid with a long run); after 100 missed schedules it stops scheduling the CronJob altogether and logs an error '
    + 'nobody reads.',
  remediation: 'Set `spec.startingDeadlineSeconds` (for example 200) so a run that cannot start in time is skipped and the CronJob keeps '
    + 'running afterwards.',
  references: [DOCS.cronJob, 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#cron-job-limitations'],
  check(context) {
    return oncePerElement(cronJobs(context).map((cronJob): RuleHit | undefined => asRecord(cronJob.value.spec)?.startingDeadlineSeconds !== undefined ? undefined : {
      message: `CronJob ${cronJob.name} has no startingDeadlineSeconds: after 100 missed schedules it stops being scheduled.`,
      location: cronJob.at(['spec', 'schedule']),
      element: cronJob.element,
    }));
  },
};

export const cronJobConcurrencyPolicy: Rule = {
  id: 'infra.cronjob-concurrency-policy',
  title: 'CronJob lets runs overlap',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 362,
  rationale: 'concurrencyPolicy defaults to Allow: when a run takes longer than the schedule interval the next one starts beside it, and '
    + 'two runs of a batch (billing, cleanup, export) work on the same data at once, or pile up and exhaust the cluster.',
  remediation: 'Set `spec.concurrencyPolicy: Forbid` (skip a run while the last is active) or `Replace`; write `Allow` explicitly only for '
    + 'jobs that are safe to run concurrently.',
  references: [DOCS.cronJob, 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy'],
  check(context) {
    return oncePerElement(cronJobs(context).map((cronJob): RuleHit | undefined => asRecord(cronJob.value.spec)?.concurrencyPolicy !== undefined ? undefined : {
      message: `CronJob ${cronJob.name} has no concurrencyPolicy (so Allow): a slow run overlaps the next one.`,
      location: cronJob.at(['spec', 'schedule']),
      element: cronJob.element,
    }));
  },
};

export const jobTtlMissing: Rule = {
  id: 'infra.job-ttl-missing',
  title: 'Job is never cleaned up after it finishes',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 404,
  rationale: 'A finished Job and its pods stay in the cluster until someone deletes them: they clutter the API server and etcd, and '
    + 'applying the same Job manifest again fails because the immutable Job already exists.',
  remediation: 'Set `spec.ttlSecondsAfterFinished` so the TTL controller deletes the Job (and its pods) after it completes or fails. '
    + 'CronJobs clean up through `successfulJobsHistoryLimit` / `failedJobsHistoryLimit` instead.',
  references: [DOCS.ttlAfterFinished, DOCS.job],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => workload.kind === 'Job').map((job): RuleHit | undefined =>
      asRecord(job.value.spec)?.ttlSecondsAfterFinished !== undefined ? undefined : {
        message: `Job ${job.name} has no ttlSecondsAfterFinished: the finished Job and its pods stay in the cluster.`,
        location: job.at(['spec']),
        element: job.element,
      }));
  },
};

export const jobDeadlineMissing: Rule = {
  id: 'infra.job-deadline-missing',
  title: 'Job or CronJob run has no deadline',
  category: 'reliability',
  severity: 'low',
  stride: 'D',
  cwe: 400,
  rationale: 'backoffLimit (default 6) bounds how often a failing Job retries, but nothing bounds a run that hangs: without '
    + 'activeDeadlineSeconds a stuck pod runs forever, holds its resources and, under `concurrencyPolicy: Forbid`, blocks every later run '
    + 'of its CronJob.',
  remediation: 'Set `activeDeadlineSeconds` on the Job spec (the CronJob\'s `jobTemplate.spec`) to a generous multiple of the normal run '
    + 'time, and an explicit `backoffLimit` that fits the job\'s idempotency.',
  references: [DOCS.jobBackoff, 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup'],
  check(context) {
    const index = infraIndex(context);
    return oncePerElement(index.workloads.filter((workload) => workload.kind === 'Job' || workload.kind === 'CronJob').map((job): RuleHit | undefined => {
      const path: Path = job.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
      const spec = asRecord(dig(job.value, path)) ?? {};
      if (spec.activeDeadlineSeconds !== undefined) return undefined;
      return {
        message: `${job.kind} ${job.name} sets no activeDeadlineSeconds${spec.backoffLimit === undefined ? ' (and no backoffLimit, so 6 retries)' : ''}: a hung run never ends.`,
        location: job.at(path),
        element: job.element,
      };
    }));
  },
};

function cronJobs(context: Parameters<Rule['check']>[0]): Workload[] {
  return infraIndex(context).workloads.filter((workload) => workload.kind === 'CronJob');
}
