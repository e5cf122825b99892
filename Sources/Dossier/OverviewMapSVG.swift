import Foundation

/// The overview map of a dossier as inline SVG: every place with a latitude and longitude as a labelled point, over
/// the Natural Earth country outlines of `CountryOutlines`. The frame always shows Belarus and Ukraine and grows to
/// take in every point; the projection is equirectangular, longitudes scaled by the cosine of the frame's central
/// latitude. Coarsened places are drawn as dashed rings and labelled as approximate.
struct OverviewMapSVG {
    struct Point {
        let id: String
        let name: String
        let longitude: Double
        let latitude: Double
        let approximate: Bool
    }

    /// The points inside the outlines' extent (longitude 12–48 E, latitude 42–62 N), drawn on the map.
    let points: [Point]
    /// Places with coordinates outside that extent: listed, not drawn.
    let outside: [Point]
    let west: Double, east: Double, south: Double, north: Double
    let width = 760.0
    let height: Double
    private let scale: Double
    private let xScale: Double

    /// The places with usable coordinates, in the document's order.
    static func points(_ places: [DossierDocument.Place]) -> [Point] {
        places.compactMap { place in
            guard let latText = place.latitude, let lonText = place.longitude,
                  let lat = Double(latText.trimmingCharacters(in: .whitespaces)),
                  let lon = Double(lonText.trimmingCharacters(in: .whitespaces)),
                  lat.isFinite, lon.isFinite, (-90...90).contains(lat), (-180...180).contains(lon)
            else { return nil }
            return Point(id: place.id, name: place.name, longitude: lon, latitude: lat, approximate: place.coarsened)
        }
    }

    init(places: [DossierDocument.Place]) {
        let all = Self.points(places)
        let points = all.filter { (12...48).contains($0.longitude) && (42...62).contains($0.latitude) }
        self.points = points
        outside = all.filter { !((12...48).contains($0.longitude) && (42...62).contains($0.latitude)) }
        // Belarus and Ukraine, then every point with a margin, within the outlines' extent.
        var west = 21.8, east = 40.6, south = 44.1, north = 56.4
        for point in points {
            west = min(west, point.longitude - 1.5)
            east = max(east, point.longitude + 1.5)
            south = min(south, point.latitude - 0.8)
            north = max(north, point.latitude + 0.8)
        }
        west = max(west, 12); east = min(east, 48); south = max(south, 42); north = min(north, 62)
        self.west = west; self.east = east; self.south = south; self.north = north
        let centre = (south + north) / 2
        let xScale = cos(centre * .pi / 180)
        self.xScale = xScale
        scale = width / ((east - west) * xScale)
        height = ((north - south) * scale).rounded()
    }

    func x(_ longitude: Double) -> Double { (longitude - west) * xScale * scale }
    func y(_ latitude: Double) -> Double { (north - latitude) * scale }

    private struct Box {
        let x0: Double, y0: Double, x1: Double, y1: Double
        func overlaps(_ other: Box) -> Bool { x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1 }
    }

    /// The SVG element; `id` prefixes the ids inside it (title, description, clip path).
    func svg(id: String = "overview-map") -> String {
        let n = HTMLText.number
        var out = "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        out += "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\" font-size=\"12\">\n"
        out += "<title id=\"\(id)-title\">Overview map of the places in this dossier</title>\n"
        let approximate = points.filter(\.approximate).count
        out += "<desc id=\"\(id)-desc\">" + HTMLText.escape(
            "\(points.count) places with coordinates (\(approximate) approximate), over country outlines from Natural Earth (public domain); the table below lists them."
        ) + "</desc>\n"
        out += "<defs><clipPath id=\"\(id)-clip\"><rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\"/></clipPath></defs>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#e8eef3\"/>\n"
        out += "<g clip-path=\"url(#\(id)-clip)\">\n"
        for country in CountryOutlines.countries {
            var d = ""
            for ring in country.rings {
                var first = true
                for pair in ring.split(separator: " ") {
                    let parts = pair.split(separator: ",")
                    guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else { continue }
                    d += (first ? "M" : "L") + n(x(lon)) + " " + n(y(lat))
                    first = false
                }
                if !first { d += "Z" }
            }
            let fill = country.iso == "BLR" || country.iso == "UKR" ? "#f4f1ea" : "#ebe7df"
            out += "<path d=\"\(d)\" fill=\"\(fill)\" stroke=\"#8f897d\" stroke-width=\"0.8\" stroke-linejoin=\"round\"><title>"
                + HTMLText.escape(country.name) + "</title></path>\n"
        }
        out += "</g>\n"

        var taken: [Box] = points.map { Box(x0: x($0.longitude) - 7, y0: y($0.latitude) - 7, x1: x($0.longitude) + 7, y1: y($0.latitude) + 7) }
        let legendBox = Box(x0: 0, y0: height - 70, x1: 290, y1: height)
        taken.append(legendBox)

        // Country names, faint, where they do not cover a point.
        for country in CountryOutlines.countries {
            let cx = x(country.labelLongitude), cy = y(country.labelLatitude)
            let label = country.name.uppercased()
            let w = Double(label.count) * 7.6
            let box = Box(x0: cx - w / 2, y0: cy - 10, x1: cx + w / 2, y1: cy + 3)
            guard box.x0 >= 0, box.x1 <= width, box.y0 >= 0, box.y1 <= height, !taken.contains(where: box.overlaps) else { continue }
            out += "<text x=\"\(n(cx))\" y=\"\(n(cy))\" text-anchor=\"middle\" font-size=\"11\" letter-spacing=\"1.5\" fill=\"#8a8478\">"
                + HTMLText.escape(label) + "</text>\n"
        }

        // Place labels first (they matter), then capitals where there is room.
        var labels = ""
        for point in points {
            let px = x(point.longitude), py = y(point.latitude)
            let text = point.name + (point.approximate ? " (approx.)" : "")
            let w = MonthChartSVG.textWidth(text, size: 12) + 2
            let candidates: [(Box, Double, Double, String)] = [
                (Box(x0: px + 8, y0: py - 9, x1: px + 8 + w, y1: py + 5), px + 8, py + 4, "start"),
                (Box(x0: px - 8 - w, y0: py - 9, x1: px - 8, y1: py + 5), px - 8, py + 4, "end"),
                (Box(x0: px - w / 2, y0: py - 22, x1: px + w / 2, y1: py - 8), px, py - 11, "middle"),
                (Box(x0: px - w / 2, y0: py + 8, x1: px + w / 2, y1: py + 22), px, py + 19, "middle"),
            ]
            let inside = candidates.filter { $0.0.x0 >= 2 && $0.0.x1 <= width - 2 && $0.0.y0 >= 2 && $0.0.y1 <= height - 2 }
            let choice = inside.first(where: { c in !taken.contains(where: c.0.overlaps) }) ?? inside.first ?? candidates[0]
            taken.append(choice.0)
            labels += "<text x=\"\(n(choice.1))\" y=\"\(n(choice.2))\" text-anchor=\"\(choice.3)\" class=\"map-label\" fill=\"#1d1d1f\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\""
                + (point.approximate ? " font-style=\"italic\"" : "") + ">" + HTMLText.escape(text) + "</text>\n"
        }
        for capital in CountryOutlines.capitals {
            let cx = x(capital.longitude), cy = y(capital.latitude)
            guard cx >= 4, cx <= width - 4, cy >= 4, cy <= height - 4 else { continue }
            let mark = Box(x0: cx - 3, y0: cy - 3, x1: cx + 3, y1: cy + 3)
            guard !taken.contains(where: mark.overlaps) else { continue }
            out += "<rect x=\"\(n(cx - 2.5))\" y=\"\(n(cy - 2.5))\" width=\"5\" height=\"5\" fill=\"#6b665c\"/>"
            let w = MonthChartSVG.textWidth(capital.name, size: 10)
            let box = Box(x0: cx + 5, y0: cy - 7, x1: cx + 5 + w, y1: cy + 4)
            if box.x1 <= width - 2, !taken.contains(where: box.overlaps) {
                taken.append(box)
                out += "<text x=\"\(n(cx + 5))\" y=\"\(n(cy + 3.5))\" font-size=\"10\" font-style=\"italic\" fill=\"#5f5a50\">" + HTMLText.escape(capital.name) + "</text>"
            }
            taken.append(mark)
            out += "\n"
        }
        for point in points {
            let px = n(x(point.longitude)), py = n(y(point.latitude))
            let title = "<title>" + HTMLText.escape(point.name + (point.approximate ? " — approximate position (coarsened)" : "")) + "</title>"
            if point.approximate {
                out += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"7\" fill=\"#b3261e\" fill-opacity=\"0.15\" stroke=\"#b3261e\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\">\(title)</circle>\n"
            } else {
                out += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"4.5\" fill=\"#b3261e\" stroke=\"#ffffff\" stroke-width=\"1.5\">\(title)</circle>\n"
            }
        }
        out += labels

        // Legend and attribution.
        let ly = height - 64
        out += "<g font-size=\"11\" fill=\"#333\">"
        out += "<rect x=\"6\" y=\"\(n(ly))\" width=\"280\" height=\"58\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#c9c4b8\"/>"
        out += "<circle cx=\"20\" cy=\"\(n(ly + 13))\" r=\"4.5\" fill=\"#b3261e\" stroke=\"#ffffff\" stroke-width=\"1.5\"/><text x=\"32\" y=\"\(n(ly + 17))\">Place</text>"
        out += "<circle cx=\"20\" cy=\"\(n(ly + 30))\" r=\"6\" fill=\"#b3261e\" fill-opacity=\"0.15\" stroke=\"#b3261e\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/><text x=\"32\" y=\"\(n(ly + 34))\">Approximate place (coarsened to 0.1°)</text>"
        out += "<rect x=\"17.5\" y=\"\(n(ly + 44.5))\" width=\"5\" height=\"5\" fill=\"#6b665c\"/><text x=\"32\" y=\"\(n(ly + 51))\">Capital</text>"
        out += "</g>\n"
        out += "<text x=\"\(n(width - 6))\" y=\"\(n(height - 6))\" text-anchor=\"end\" font-size=\"10\" fill=\"#5f5a50\">Outlines: Natural Earth (public domain)</text>\n"
        out += "</svg>"
        return out
    }
}
