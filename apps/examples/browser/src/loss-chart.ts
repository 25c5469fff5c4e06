/**
 * Draws a loss curve on a canvas: steps on x, loss on y (from 0 to the largest loss seen).
 * Redrawn whole on every new point; a few hundred points cost nothing.
 */
export class LossChart {
  private readonly points: number[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  push(loss: number): void {
    this.points.push(loss);
    this.draw();
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width, height } = this.canvas;
    const pad = 32;
    ctx.clearRect(0, 0, width, height);
    ctx.strokeStyle = '#999';
    ctx.strokeRect(pad, 8, width - pad - 8, height - pad - 8);
    const top = Math.max(...this.points);
    ctx.fillStyle = '#444';
    ctx.font = '11px sans-serif';
    ctx.fillText(top.toFixed(2), 2, 16);
    ctx.fillText('0', 2, height - pad);
    ctx.fillText(`step ${this.points.length}`, width - 70, height - 10);
    ctx.strokeStyle = '#1565c0';
    ctx.lineWidth = 2;
    ctx.beginPath();
    this.points.forEach((loss, i) => {
      const x = pad + ((width - pad - 8) * i) / Math.max(1, this.points.length - 1);
      const y = 8 + (height - pad - 8) * (1 - loss / top);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}
