package dev.foldhub.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Random;

/** Each culture's colour scheme and background motif, on the 32 x 32 canvas. */
final class DemoCultureStyle {

    private static final Color[] BACKGROUNDS = {
        new Color(232, 238, 250), // delft: blue-white glaze
        new Color(222, 200, 160), // edo: paper
        new Color(160, 70, 40),   // maya: terracotta
        new Color(150, 150, 150), // roman: grey marble
        new Color(25, 25, 30)};   // art deco: black lacquer

    private static final Color[] ACCENTS = {
        new Color(30, 60, 160), new Color(140, 110, 70), new Color(90, 35, 20),
        new Color(225, 225, 225), new Color(212, 175, 55)};

    void paintBackground(Graphics2D g, int culture, Random random) {
        g.setColor(DemoPainter.jitterColour(BACKGROUNDS[culture], random, 15));
        g.fill(new Rectangle2D.Double(0, 0, 32, 32));
        g.setColor(DemoPainter.jitterColour(ACCENTS[culture], random, 15));
        switch (culture) {
            case 0 -> { // a glazed tile's blue frame
                g.setStroke(new BasicStroke(1.5f));
                g.drawRect(1, 1, 30, 30);
            }
            case 1 -> { // faint horizontal brush lines
                g.setStroke(new BasicStroke(0.5f));
                for (int y = 3 + random.nextInt(3); y < 32; y += 6) {
                    g.drawLine(0, y, 32, y);
                }
            }
            case 2 -> { // stepped fret along the bottom
                for (int x = 0; x < 32; x += 4) {
                    g.fillRect(x, 29 - (x / 4) % 2 * 2, 4, 3 + (x / 4) % 2 * 2);
                }
            }
            case 3 -> { // diagonal marble veins
                g.setStroke(new BasicStroke(0.6f));
                int offset = random.nextInt(10);
                for (int x = -32 + offset; x < 32; x += 12) {
                    g.drawLine(x, 32, x + 32, 0);
                }
            }
            default -> { // gold vertical lines
                g.setStroke(new BasicStroke(0.6f));
                for (int x = 2 + random.nextInt(2); x < 32; x += 5) {
                    g.drawLine(x, 0, x, 32);
                }
            }
        }
    }
}
