/** Text whose `backquoted` parts (file names, settings, commands) are set as code, as the reports write them. */
export function CodeSpans({ text }: { text: string }) {
  return <>{text.split('`').map((part, index) => (index % 2 ? <code key={index}>{part}</code> : part))}</>;
}
