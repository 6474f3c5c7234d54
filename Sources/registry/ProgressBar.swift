import Foundation

/// A progress bar on standard error for long generators: redrawn in place on a terminal; otherwise a line at each tenth
/// of a phase, so logs stay short. Elapsed times come from the monotonic clock: a progress bar never asks what day it is.
final class ProgressBar {
    private let clock = ContinuousClock()
    private let interactive = isatty(STDERR_FILENO) == 1
    private lazy var start = clock.now
    private var phase = ""
    private lazy var phaseStart = clock.now
    private lazy var lastReport = clock.now
    private var lastTenth = -1

    func show(_ phase: String, _ done: Int, _ total: Int) {
        if phase != self.phase {
            if interactive && !self.phase.isEmpty { write("\n") }
            (self.phase, phaseStart, lastTenth) = (phase, lastReport, -1)
        }
        lastReport = clock.now
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let tenth = Int(fraction * 10)
        guard interactive || tenth != lastTenth else { return }
        lastTenth = tenth
        let filled = Int(fraction * 30)
        let seconds = Self.seconds(phaseStart.duration(to: clock.now))
        let line = String(
            format: "%@ [%@%@] %3.0f%% %d/%d %.0f/s %.0f s",
            phase,
            String(repeating: "#", count: filled),
            String(repeating: ".", count: 30 - filled),
            fraction * 100,
            done,
            total,
            Double(done) / max(seconds, 0.001),
            Self.seconds(start.duration(to: clock.now))
        )
        write(interactive ? "\r" + line : line + "\n")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func finish() {
        if interactive { write("\n") }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
