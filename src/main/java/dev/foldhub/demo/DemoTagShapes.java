package dev.foldhub.demo;

import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** The object drawn for each tag, centred on the origin, about 7 x 7 canvas pixels, in the current colour. */
final class DemoTagShapes {

    void draw(Graphics2D g, int tag) {
        switch (tag) {
            case 0 -> g.draw(new Ellipse2D.Double(-3, -3, 6, 6)); // circles: a ring
            case 1 -> { // boats: hull and mast
                g.fill(polygon(-3.5, 0.5, 3.5, 0.5, 2, 3, -2, 3));
                g.draw(new Line2D.Double(0, 0.5, 0, -3.5));
            }
            case 2 -> { // trees: crown and trunk
                g.fill(polygon(0, -3.5, 3, 1.5, -3, 1.5));
                g.fill(new Rectangle2D.Double(-0.7, 1.5, 1.4, 2));
            }
            case 3 -> { // birds: a V
                g.draw(new Line2D.Double(-3.5, -1.5, 0, 1.5));
                g.draw(new Line2D.Double(0, 1.5, 3.5, -1.5));
            }
            case 4 -> { // flowers: four petals
                for (double[] p : new double[][] {{0, -2}, {2, 0}, {0, 2}, {-2, 0}}) {
                    g.fill(new Ellipse2D.Double(p[0] - 1.3, p[1] - 1.3, 2.6, 2.6));
                }
            }
            case 5 -> { // horses: body and legs
                g.fill(new Rectangle2D.Double(-3, -1.5, 6, 2.5));
                g.draw(new Line2D.Double(-2.5, 1, -2.5, 3.5));
                g.draw(new Line2D.Double(2.5, 1, 2.5, 3.5));
                g.fill(new Rectangle2D.Double(2.5, -3.5, 1.5, 2.5));
            }
            case 6 -> { // men: stick figure
                g.fill(new Ellipse2D.Double(-1, -3.8, 2, 2));
                g.draw(new Line2D.Double(0, -1.8, 0, 1.2));
                g.draw(new Line2D.Double(-2.5, -0.8, 2.5, -0.8));
                g.draw(new Line2D.Double(0, 1.2, -2, 3.8));
                g.draw(new Line2D.Double(0, 1.2, 2, 3.8));
            }
            case 7 -> { // women: head and dress
                g.fill(new Ellipse2D.Double(-1, -3.8, 2, 2));
                g.fill(polygon(0, -1.8, 2.8, 3.8, -2.8, 3.8));
            }
            case 8 -> g.fill(new Ellipse2D.Double(-3, -3, 6, 6)); // suns: a disc
            case 9 -> { // houses: walls and roof
                g.fill(new Rectangle2D.Double(-2.5, -0.5, 5, 4));
                g.fill(polygon(-3.5, -0.5, 0, -3.8, 3.5, -0.5));
            }
            case 10 -> { // crosses: an X
                g.draw(new Line2D.Double(-3, -3, 3, 3));
                g.draw(new Line2D.Double(-3, 3, 3, -3));
            }
            case 11 -> g.fill(star()); // stars
            case 12 -> { // waves: a zigzag
                Path2D wave = new Path2D.Double();
                wave.moveTo(-3.8, 0);
                for (int i = 1; i <= 4; i++) {
                    wave.lineTo(-3.8 + i * 1.9, i % 2 == 1 ? -2 : 0.5);
                }
                g.draw(wave);
            }
            case 13 -> g.fill(polygon(-3.8, 3, -0.5, -3.5, 1.5, 0, 2.5, -1.5, 3.8, 3)); // mountains
            default -> { // fish: body and tail
                g.fill(new Ellipse2D.Double(-3, -1.5, 4.5, 3));
                g.fill(polygon(1.2, 0, 3.8, -2, 3.8, 2));
            }
        }
    }

    private static Path2D polygon(double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }

    private static Path2D star() {
        double[] xy = new double[20];
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? 3.8 : 1.5;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            xy[2 * i] = radius * Math.cos(angle);
            xy[2 * i + 1] = radius * Math.sin(angle);
        }
        return polygon(xy);
    }
}
