/** "Callable now" or "Not until …", with the patient's local time and, when blocked, the gate's reason. */
import { clockTime, dayAndTime, serverNow } from '../time';

export function CallableBadge({ contactableNow, nextContactAt, reason, zone }: { contactableNow: boolean; nextContactAt: string | null; reason: string; zone: string }) {
  const local = clockTime(serverNow(), zone);
  if (contactableNow) {
    return <span className="badge badge-ok">Callable now <span className="badge-detail">· {local} their time</span></span>;
  }
  return (
    <span className="badge badge-wait" title={reason}>
      {nextContactAt ? `Not until ${dayAndTime(nextContactAt, zone)}` : 'Not callable: records must change'}
      <span className="badge-detail"> · {local} their time</span>
    </span>
  );
}
