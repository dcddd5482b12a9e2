/** Save an SVG document, or a PNG drawn from it, through a download (works in the browser host and Electron). */
export function downloadSvg(svg: string, fileName: string): void {
  download(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }), fileName);
}

/** Draw the SVG on a canvas (scaled so neither side passes `maxSide` pixels, at most 2×) and save it as PNG. */
export async function downloadPng(svg: string, size: { width: number; height: number }, fileName: string, maxSide = 12000): Promise<void> {
  const blob = await svgToPng(svg, size, maxSide);
  download(blob, fileName);
}

export async function svgToPng(svg: string, size: { width: number; height: number }, maxSide = 12000): Promise<Blob> {
  const scale = Math.min(2, maxSide / Math.max(size.width, size.height));
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(size.width * scale));
    canvas.height = Math.max(1, Math.round(size.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas available to draw the PNG.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded (the diagram may be too large).'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe version of a project name. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'archbench';
}
