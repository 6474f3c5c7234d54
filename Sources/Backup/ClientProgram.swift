import Foundation
import Postgres

/// A PostgreSQL client program (pg_dump, pg_restore) running as a child process of the registry.
///
/// Its standard error is collected on a thread of its own, so a chatty program never blocks on a full pipe, and its
/// first error line becomes the error message when it fails. Its password reaches it through the environment
/// (``ProgramConnection``), never its command line.
final class ClientProgram {
    /// Which of its standard streams the program shares with the registry through a pipe.
    enum Pipeline {
        /// The registry reads what the program writes to its standard output (pg_dump).
        case readOutput
        /// The registry writes what the program reads from its standard input (pg_restore).
        case feedInput
    }

    let name: String
    /// The registry's end of the pipe: the program's output to read, or its input to write.
    let pipe: FileHandle
    private let pipeline: Pipeline
    private let process = Process()
    private let collected = CollectedText()

    /// Starts `executable` with `arguments`; `connection`'s secrets are added to the registry's own environment.
    init(_ executable: URL, arguments: [String], connection: ProgramConnection, pipeline: Pipeline) throws {
        name = executable.lastPathComponent
        self.pipeline = pipeline
        let shared = Pipe()
        let errorOutput = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(connection.environment) { $1 }
        process.standardInput = pipeline == .feedInput ? shared : FileHandle.nullDevice
        process.standardOutput = pipeline == .readOutput ? shared : FileHandle.nullDevice
        process.standardError = errorOutput
        pipe = pipeline == .readOutput ? shared.fileHandleForReading : shared.fileHandleForWriting
        // A program that exits early must make the registry's next write fail (EPIPE), not kill it (SIGPIPE).
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        collected.collect(from: errorOutput.fileHandleForReading)
    }

    /// Waits for the program to exit; throws ``BackupError/programFailed(name:status:message:)`` unless it succeeded.
    func waitForSuccess() throws {
        if pipeline == .feedInput { try? pipe.close() }
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw BackupError.programFailed(name: name, status: process.terminationStatus, message: collected.summary())
        }
    }

    /// Stops the program if it still runs and waits for it: what it had begun is abandoned (a transaction of
    /// pg_restore is rolled back by the server). SIGKILL, because the program starts with the signal mask of the
    /// registry's thread, which blocks SIGTERM (Foundation's `Process` does not reset it on Linux).
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? pipe.close()
        process.waitUntilExit()
    }
}

/// Text a program writes to a pipe, read to the end on a background thread.
private final class CollectedText: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var text = Data()

    func collect(from handle: FileHandle) {
        DispatchQueue.global().async {
            let data = handle.readDataToEndOfFile()
            self.lock.withLock { self.text = data }
            self.done.signal()
        }
    }

    /// The program's first error line (`pg_restore: error: …`), else its last line, once it closed the pipe.
    func summary() -> String {
        done.wait()
        done.signal()
        let lines = lock.withLock { String(decoding: text, as: UTF8.self) }.split(whereSeparator: \.isNewline)
        return String(lines.first { $0.contains("error:") } ?? lines.last ?? "no message")
    }
}
