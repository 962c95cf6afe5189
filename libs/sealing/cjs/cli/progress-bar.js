// Generated from libs/sealing/src/cli/progress-bar.ts by libs/sealing/scripts/build.js. Do not edit.
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProgressBar = void 0;
/** A one-line progress bar for a terminal (stderr), redrawn at most ten times a second. */
class ProgressBar {
    stream;
    label;
    total;
    lastDraw = 0;
    started = Date.now();
    constructor(stream, label, total) {
        this.stream = stream;
        this.label = label;
        this.total = total;
    }
    update(done) {
        const now = Date.now();
        if (now - this.lastDraw < 100 && done < this.total)
            return;
        this.lastDraw = now;
        this.draw(done);
    }
    finish() {
        this.draw(this.total);
        this.stream.write('\n');
    }
    draw(done) {
        const MiB = 1024 * 1024;
        const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
        const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
        const figures = `${(fraction * 100).toFixed(0).padStart(3)}%  ${(done / MiB).toFixed(1)}/${(this.total / MiB).toFixed(1)} MiB  ${(done / MiB / seconds).toFixed(0)} MiB/s`;
        const width = Math.max(10, Math.min(40, (this.stream.columns || 80) - this.label.length - figures.length - 6));
        const filled = Math.round(fraction * width);
        this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${figures}\x1b[K`);
    }
}
exports.ProgressBar = ProgressBar;
