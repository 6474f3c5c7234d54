import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head is not complete within `timeout` of the request's first byte, so a client
/// that sends its headers a byte at a time (slowloris) cannot hold a connection; the idle timeout covers silence.
///
/// Sits after the HTTP decoder (``additionalChannelHandlers``) to see each request's head, and places a byte-level
/// ``RequestBytesWatch`` at the front of the pipeline to see the first byte of each request. Both run on the
/// connection's event loop and share one ``State``.
final class HeaderReadTimeout: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Where the connection is: waiting for a request, reading a head (the clock runs), or inside a request.
    final class State {
        enum Phase { case waiting, readingHead, inRequest }
        var phase = Phase.waiting
        var deadline: Scheduled<Void>?
    }

    let timeout: TimeAmount
    let state = State()

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let watch = RequestBytesWatch(state: state, timeout: timeout)
        try? context.pipeline.syncOperations.addHandler(watch, position: .first)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            state.deadline?.cancel()
            state.deadline = nil
            state.phase = .inRequest
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { state.phase = .waiting }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        state.deadline?.cancel()
    }
}

/// The byte-level half of ``HeaderReadTimeout``: starts the clock on the first byte of a request.
final class RequestBytesWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let state: HeaderReadTimeout.State
    let timeout: TimeAmount

    init(state: HeaderReadTimeout.State, timeout: TimeAmount) {
        self.state = state
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if state.phase == .waiting {
            state.phase = .readingHead
            let state = self.state
            state.deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                guard state.phase == .readingHead else { return }
                context.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }
}
