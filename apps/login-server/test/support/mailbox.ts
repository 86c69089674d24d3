/** The messages the server mailed to `to`, newest first (its /mailbox/messages). */
export async function mailedMessages(baseUrl: string, to: string): Promise<{ body: string }[]> {
  const response = await fetch(`${baseUrl}/mailbox/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as { body: string }[];
}

/** The code in the newest message to `email`. */
export async function mailedCode(baseUrl: string, email: string): Promise<string> {
  const [message] = await mailedMessages(baseUrl, email);
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

export async function mailCount(baseUrl: string, to: string): Promise<number> {
  return (await mailedMessages(baseUrl, to)).length;
}
