// Generated from openapi.yaml by scripts/openapi; do not edit.
enum OpenAPIDocument {
    static let text = #"""
    openapi: 3.1.0
    """#
}
