import { useEffect, useMemo, useRef } from 'react';

import { useEngine } from '../../api/context.js';
import { useClients, visibleClients } from '../../stores/clients.js';
import { useServers } from '../../stores/servers.js';
import { importable, isApplying, nameProblems, secretProblems, STEPS } from './model.js';
import { useWizardApply } from './use-wizard-apply.js';
import { useWizardScan } from './use-wizard-scan.js';

/** Everything the wizard's steps show and do; `onBusy` hears whether files are being written. */
export function useWizard(onBusy: (busy: boolean) => void) {
  const link = useEngine();
  const scan = useWizardScan(link);
  const { step, detect, picked, chosenClients, names, keep } = scan;
  const heading = useRef<HTMLHeadingElement>(null);
  const gatewayNames = useServers((s) => s.byName);
  const finalDetect = useClients((s) => s.detect);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const servers = useMemo(() => (detect === undefined ? [] : importable(detect)), [detect]);
  const chosenServers = servers.filter((s) => picked[s.id] === true);
  const clients = useMemo(() => visibleClients(detect), [detect]);
  const targets = clients.filter((c) => chosenClients[c.id] === true);
  const problems = useMemo(
    () => nameProblems(chosenServers, names, gatewayNames),
    [chosenServers, names, gatewayNames],
  );
  const missingSecrets = useMemo(() => secretProblems(chosenServers, keep), [chosenServers, keep]);
  const run = useWizardApply(link, { ...scan, targets, chosenServers });

  const applying = isApplying(step, run.importOutcome, run.outcomes);
  useEffect(() => {
    onBusy(applying);
  }, [applying, onBusy]);
  const stepIndex = STEPS.findIndex((s) => s.id === step);

  return {
    link,
    ...scan,
    ...run,
    heading,
    finalDetect,
    servers,
    chosenServers,
    clients,
    targets,
    nameProblems: problems,
    secretProblems: missingSecrets,
    applying,
    stepIndex,
    current: STEPS[stepIndex] ?? STEPS[0],
  };
}

export type WizardModel = ReturnType<typeof useWizard>;
