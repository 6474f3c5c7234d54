import Dispatch
import Foundation
import Hummingbird

/// A response body that blocking database work produces chunk by chunk (a cursor read on the thread pool), sent as it
/// comes so that it never sits whole in memory.
///
/// The producer waits while `window` chunks are unsent, so a slow client holds back the query rather than filling
/// memory; a client that goes away stops it. ``start()`` returns once the first chunk is there, so a failure before
/// any output still becomes an error response; a later failure cuts the response short.
struct StreamedBody: Sendable {
    private let chunks: AsyncThrowingStream<ByteBuffer, any Error>
    private let output: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    private let started: AsyncThrowingStream<Void, any Error>
    private let credits: DispatchSemaphore

    /// Runs `produce` in a task; it hands each chunk to its sink, which blocks while the window is full.
    init(window: Int = 4, _ produce: @escaping @Sendable (_ sink: @escaping @Sendable (Data) throws -> Void) async throws -> Void) {
        let (chunks, output) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let (started, start) = AsyncThrowingStream<Void, any Error>.makeStream()
        let credits = DispatchSemaphore(value: window)
        (self.chunks, self.output, self.started, self.credits) = (chunks, output, started, credits)
        Task {
            do {
                try await produce { data in
                    credits.wait()
                    guard case .enqueued = output.yield(ByteBuffer(bytes: data)) else { throw CancellationError() }
                    start.finish()
                }
                start.finish()
                output.finish()
            } catch {
                start.finish(throwing: error)
                output.finish(throwing: error)
            }
        }
    }

    /// Waits for the first chunk, or throws what kept it from coming.
    func start() async throws {
        for try await _ in started {}
    }

    /// The chunks as a Hummingbird response body, each releasing the producer's next one once written.
    var responseBody: ResponseBody {
        ResponseBody { [chunks, output, credits] writer in
            defer {
                // Sent or not (the client may have gone): a producer still running finds the stream closed and stops.
                output.finish()
                credits.signal()
            }
            for try await chunk in chunks {
                try await writer.write(chunk)
                credits.signal()
            }
            try await writer.finish(nil)
        }
    }
}
