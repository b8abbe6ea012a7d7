import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Two limits on what a caller can hold open without a key, in the channel beneath the
/// router: a request must arrive whole (head, body and end) within `limit`, or the
/// connection is closed; and a refusal (401, 403, 413) sent before the request's body has
/// all arrived closes the connection after the answer, instead of reading the rest at the
/// caller's pace. Hummingbird's idle timeout covers the time between requests and a head
/// that never ends; once a head is read it waits for the body as long as the body keeps
/// trickling in, so without this a few thousand callers sending a byte a minute would hold
/// every connection the server allows. A request that has arrived (a long poll, a
/// download) is never cut.
final class RequestDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let refusals: Set<Int> = [401, 403, 413]
    private let limit: TimeAmount
    /// Set while a request is arriving: from its head to its end.
    private var deadline: Scheduled<Void>?
    private var closeAfterResponse = false

    init(limit: TimeAmount) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: limit) { bound.value.close(promise: nil) }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var response) where deadline != nil && Self.refusals.contains(response.status.code):
            closeAfterResponse = true
            response.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .end where closeAfterResponse:
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(data).whenComplete { result in
                promise?.completeWith(result)
                bound.value.close(promise: nil)
            }
        default:
            context.write(data, promise: promise)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }
}
