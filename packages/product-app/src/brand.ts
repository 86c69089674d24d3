/** What makes a product look like itself. Everything else on the page is shared. */
export interface Brand {
  /** Shown in the header and the page title, e.g. "Acme Projects". */
  name: string;
  /** One line under the name on the home page. */
  tagline: string;
  /** Main colour (buttons, header), and the colour of text on it. */
  accent: string;
  onAccent: string;
  /** Page background. */
  background: string;
  /** One or two letters for the logo mark. */
  mark: string;
}
