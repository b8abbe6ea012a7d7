/// The overview's chart of the last 24 hours, as inline SVG: a bar per hour, the jobs
/// that succeeded under those that failed, each bar with a tooltip of its numbers.
enum Chart {
    static let width = 720, height = 160, gap = 4

    /// `hours[0]` is the hour just past; it is drawn at the right.
    static func endings(_ hours: [(succeeded: Int, failed: Int)]) -> String {
        let top = max(1, hours.map { $0.succeeded + $0.failed }.max() ?? 1)
        let slot = width / max(1, hours.count), plot = height - 20
        var svg = #"<svg class="chart" role="img" aria-label="jobs ended per hour, last 24 hours" viewBox="0 0 \#(width) \#(height)" width="\#(width)" height="\#(height)" xmlns="http://www.w3.org/2000/svg">"#
        svg += #"<line x1="0" y1="\#(plot)" x2="\#(width)" y2="\#(plot)" class="axis"/>"#
        for (ago, hour) in hours.enumerated() {
            let x = width - (ago + 1) * slot + gap / 2
            let ok = hour.succeeded * plot / top, bad = hour.failed * plot / top
            let label = ago == 0 ? "the last hour" : "\(ago)–\(ago + 1) h ago"
            svg += #"<g><title>\#(label): \#(hour.succeeded) succeeded, \#(hour.failed) failed</title>"#
            svg += #"<rect x="\#(x)" y="\#(plot - ok)" width="\#(slot - gap)" height="\#(ok)" class="ok"/>"#
            svg += #"<rect x="\#(x)" y="\#(plot - ok - bad)" width="\#(slot - gap)" height="\#(bad)" class="bad"/>"#
            svg += #"<rect x="\#(x)" y="0" width="\#(slot - gap)" height="\#(plot)" class="hit"/></g>"#
        }
        svg += #"<text x="0" y="\#(height - 4)" class="tick">24 h ago</text>"#
        svg += #"<text x="\#(width)" y="\#(height - 4)" class="tick end">now</text>"#
        svg += #"<text x="4" y="12" class="tick">\#(top)</text>"#
        return svg + "</svg>"
    }
}
