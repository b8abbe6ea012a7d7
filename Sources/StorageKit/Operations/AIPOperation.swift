import Foundation

/// One AIP operation as a person asks for it: the words of `ss-cli aip store|move|delete|
/// fixity|audit`, or one line of `ss-cli batch submit`. Locations are names or UUIDs.
public enum AIPOperation: Sendable, Equatable {
    case store(path: String, from: String, to: String, uuid: UUID?, removeSource: Bool, type: PackageType = .aip)
    case move(UUID, to: String)
    case delete(UUID, reason: String)
    case fixity(UUID)
    case audit(UUID)

    /// The AIP's UUID as known before looking anything up: a store's comes from
    /// `--uuid`, else from the end of its name, else it is new.
    func packageUUID() -> UUID {
        switch self {
        case .store(let path, _, _, let uuid, _, _):
            uuid ?? PackageLayout.uuid(fromName: (path as NSString).lastPathComponent) ?? UUID()
        case .move(let uuid, _), .delete(let uuid, _), .fixity(let uuid), .audit(let uuid):
            uuid
        }
    }

    var locationReferences: [String] {
        switch self {
        case .store(_, let from, let to, _, _, _): [from, to]
        case .move(_, let to): [to]
        case .delete, .fixity, .audit: []
        }
    }
}
