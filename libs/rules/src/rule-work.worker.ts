/**
 * The rule worker thread (node:worker_threads): CPU-heavy rule work off the service's event loop —
 * checking a file for publishing (validation, compilation, embedded tests) and evaluating batches
 * of stored facts against a candidate for `impact`. Messages and answers are plain data.
 */
import { parentPort } from 'node:worker_threads';
import type { CompiledRuleSet } from './compile-rule-set';
import { checkRuleFile, declaredFacts, toFileCheck } from './publish-check';
import type { WorkRequest } from './rule-work';

const candidates = new Map<number, CompiledRuleSet>();

function handle(request: WorkRequest): unknown {
  switch (request.op) {
    case 'check': {
      const result = checkRuleFile(JSON.parse(request.fileJson), request.options);
      if (request.keepAs !== undefined && 'compiled' in result) candidates.set(request.keepAs, result.compiled);
      return toFileCheck(result);
    }
    case 'evaluate': {
      const candidate = candidates.get(request.handle);
      if (!candidate) throw new Error(`no candidate ${request.handle} in the rule worker`);
      return request.facts.map((facts) => {
        try {
          const e = candidate.evaluate(declaredFacts(candidate, facts));
          return { outcome: e.outcome, reasons: e.reasons };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      });
    }
    case 'release':
      candidates.delete(request.handle);
      return null;
  }
}

parentPort?.on('message', (message: { id: number; request: WorkRequest }) => {
  try {
    parentPort!.postMessage({ id: message.id, ok: true, value: handle(message.request) });
  } catch (error) {
    parentPort!.postMessage({
      id: message.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
