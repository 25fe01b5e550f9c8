/**
 * Small enhancements for server-rendered pages, bundled by esbuild at build
 * time and loaded with `defer` from /assets/. Every page works without it
 * (docs/web-pages.md, "Enhancements").
 *
 * Copy buttons (components/copy.tsx): rendered hidden; shown here, they copy
 * the text of the element named by data-copy-target and say so in the status
 * next to it. Where the clipboard is not available the text is selected instead.
 */

function selectText(el: Element): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function announce(id: string, text: string): void {
  const status = document.querySelector(`[data-copy-status="${CSS.escape(id)}"]`);
  if (status) status.textContent = text;
}

async function copy(button: HTMLButtonElement): Promise<void> {
  const id = button.dataset.copyTarget ?? '';
  const target = document.getElementById(id);
  if (!target) return;
  const text = (target.textContent ?? '').trim();
  try {
    await navigator.clipboard.writeText(text);
    announce(id, button.dataset.copiedText ?? '');
  } catch {
    selectText(target);
    announce(id, button.dataset.selectedText ?? '');
  }
}

export function enhanceCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy-target]')) {
    button.hidden = false;
    button.addEventListener('click', () => void copy(button));
  }
}

enhanceCopyButtons();
