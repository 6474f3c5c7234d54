import Foundation

/// A progress bar on standard error for long generators: redrawn in place on a terminal; otherwise a line at each tenth
/// of a phase, so logs stay short.
final class ProgressBar {
    private let interactive = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var phase = ""
    private var phaseStart = Date()
    private var lastReport = Date()
    private var lastTenth = -1

    func show(_ phase: String, _ done: Int, _ total: Int) {
        if phase != self.phase {
            if interactive && !self.phase.isEmpty { write("\n") }
            (self.phase, phaseStart, lastTenth) = (phase, lastReport, -1)
        }
        lastReport = Date()
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let tenth = Int(fraction * 10)
        guard interactive || tenth != lastTenth else { return }
        lastTenth = tenth
        let filled = Int(fraction * 30)
        let seconds = Date().timeIntervalSince(phaseStart)
        let line = String(
            format: "%@ [%@%@] %3.0f%% %d/%d %.0f/s %.0f s",
            phase,
            String(repeating: "#", count: filled),
            String(repeating: ".", count: 30 - filled),
            fraction * 100,
            done,
            total,
            Double(done) / max(seconds, 0.001),
            Date().timeIntervalSince(start)
        )
        write(interactive ? "\r" + line : line + "\n")
    }

    func finish() {
        if interactive { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
