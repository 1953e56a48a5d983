/** The call, branch by branch: click what happened and the tree leads to the outcome to record. */
import { useState } from 'react';
import type { CallScripts, DecisionChoice } from '../api';

export function DecisionTree({ tree, mayLeaveVoicemail, onOutcome, disabled }: {
  tree: CallScripts['decisionTree']; mayLeaveVoicemail: boolean; onOutcome: (outcome: string) => void; disabled: boolean;
}) {
  const [path, setPath] = useState<{ node: string; choice: DecisionChoice }[]>([]);
  const last = path.at(-1)?.choice;
  const nodeId = last?.next ?? (last ? null : tree.start);
  const node = nodeId ? tree.nodes[nodeId] : undefined;

  return (
    <section className="card decision-tree" aria-labelledby="tree-title">
      <h2 id="tree-title">What happened on the call?</h2>
      {path.length > 0 && (
        <ol className="tree-path" aria-label="Your answers so far">
          {path.map((step, i) => (
            <li key={i}><button type="button" className="link-button" onClick={() => setPath(path.slice(0, i))}>{tree.nodes[step.node]?.prompt}</button> {step.choice.label}</li>
          ))}
        </ol>
      )}
      {node && (
        <fieldset>
          <legend>{node.prompt}</legend>
          {nodeId === 'voicemail' && !mayLeaveVoicemail && <p className="notice notice-warning">This patient asked for no voicemail: do not leave a message.</p>}
          <div className="tree-choices">
            {node.choices.map((choice) => (
              <button key={choice.label} type="button" onClick={() => setPath([...path, { node: nodeId ?? '', choice }])}>{choice.label}</button>
            ))}
          </div>
        </fieldset>
      )}
      {last?.outcome && (
        <div className="tree-leaf" role="status">
          {last.say && <p>{last.say}</p>}
          <p>Outcome: <strong>{last.outcome}</strong></p>
          <div className="row-buttons">
            <button type="button" className="primary" disabled={disabled} onClick={() => onOutcome(last.outcome ?? '')}>Record {last.outcome}</button>
            <button type="button" onClick={() => setPath([])}>Start over</button>
          </div>
        </div>
      )}
    </section>
  );
}
