package dev.nnl.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Places a diagram's boxes, frames, edges and edge labels with Eclipse ELK's layered algorithm (the
 * Sugiyama-style layout Graphviz's dot also uses), run as a plain library without OSGi. Boxes are
 * sized from their text first, so the layout keeps text and boxes apart.
 */
final class Layout {
    static final double PAD_X = 10;
    static final double PAD_Y = 8;
    static final double GROUP_TITLE = 24;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private Layout() {
    }

    /** A rectangle in the picture's coordinates. */
    record Rect(double x, double y, double w, double h) {
        boolean overlaps(Rect o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    /** An edge's route (start, bends, end) and its label's place (null without a label). */
    record Route(Diagram.Edge edge, List<double[]> points, Rect label) {
    }

    /** The placed diagram. */
    record Placed(Diagram diagram, Map<String, Rect> boxes, Map<String, Rect> groups, List<Route> routes,
                  double width, double height) {
    }

    static Placed place(Diagram d, boolean leftToRight) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, leftToRight ? Direction.RIGHT : Direction.DOWN);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(12));
        Map<String, ElkNode> groupNodes = new HashMap<>();
        Map<String, ElkNode> parentOf = new HashMap<>();
        for (Diagram.Group g : d.groups()) {
            ElkNode frame = ElkGraphUtil.createNode(root);
            frame.setIdentifier(g.id());
            frame.setProperty(CoreOptions.PADDING, new ElkPadding(GROUP_TITLE + 8, 12, 12, 12));
            double title = TextMetrics.width(g.label(), true) + 24;
            frame.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new org.eclipse.elk.core.math.KVector(title, GROUP_TITLE));
            frame.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, java.util.EnumSet.of(
                    org.eclipse.elk.core.options.SizeConstraint.MINIMUM_SIZE));
            groupNodes.put(g.id(), frame);
            g.members().forEach(m -> parentOf.put(m, frame));
        }
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        for (Diagram.Box b : d.boxes()) {
            ElkNode n = ElkGraphUtil.createNode(parentOf.getOrDefault(b.id(), root));
            n.setIdentifier(b.id());
            List<String> lines = BoxText.lines(b);
            double w = 0;
            for (int i = 0; i < lines.size(); i++) {
                w = Math.max(w, TextMetrics.width(lines.get(i), i == BoxText.titleLine(b)));
            }
            n.setDimensions(Math.ceil(w + 2 * PAD_X), lines.size() * TextMetrics.LINE + 2 * PAD_Y);
            nodes.put(b.id(), n);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (Diagram.Edge e : d.edges()) {
            ElkEdge edge = ElkGraphUtil.createSimpleEdge(nodes.get(e.from()), nodes.get(e.to()));
            if (!e.label().isEmpty()) {
                ElkLabel label = ElkGraphUtil.createLabel(e.label(), edge);
                label.setDimensions(TextMetrics.width(e.label(), false) + 4, TextMetrics.LINE);
                label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            }
            edges.add(edge);
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        Map<String, Rect> boxes = new LinkedHashMap<>();
        nodes.forEach((id, n) -> boxes.put(id, absolute(n)));
        Map<String, Rect> groups = new LinkedHashMap<>();
        groupNodes.forEach((id, n) -> groups.put(id, absolute(n)));
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            routes.add(route(d.edges().get(i), edges.get(i)));
        }
        return new Placed(d, boxes, groups, routes, root.getWidth(), root.getHeight());
    }

    private static Rect absolute(ElkNode n) {
        double[] o = offset(n.getParent());
        return new Rect(n.getX() + o[0], n.getY() + o[1], n.getWidth(), n.getHeight());
    }

    /** Where a node's children's coordinates start: the sum of its and its ancestors' positions. */
    private static double[] offset(ElkNode n) {
        double x = 0;
        double y = 0;
        for (ElkNode p = n; p != null && p.getParent() != null; p = p.getParent()) {
            x += p.getX();
            y += p.getY();
        }
        return new double[] {x, y};
    }

    private static Route route(Diagram.Edge e, ElkEdge edge) {
        // ELK gives an edge's coordinates relative to the node that contains it.
        double[] o = offset(edge.getContainingNode());
        List<double[]> points = new ArrayList<>();
        for (ElkEdgeSection s : edge.getSections()) {
            points.add(new double[] {s.getStartX() + o[0], s.getStartY() + o[1]});
            for (ElkBendPoint b : s.getBendPoints()) {
                points.add(new double[] {b.getX() + o[0], b.getY() + o[1]});
            }
            points.add(new double[] {s.getEndX() + o[0], s.getEndY() + o[1]});
        }
        Rect label = null;
        if (!edge.getLabels().isEmpty()) {
            ElkLabel l = edge.getLabels().get(0);
            label = new Rect(l.getX() + o[0], l.getY() + o[1], l.getWidth(), l.getHeight());
        }
        return new Route(e, points, label);
    }
}
