package dev.foldhub.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Draws a demo "artwork": the culture's colour scheme as background and one small object per tag. Drawing
 * happens in a 32 x 32 canvas scaled to the image size. Each tag has its own shape, colour and home cell in a
 * 4 x 4 grid, jittered in position, size and colour; a few neutral strokes and pixel noise keep it from
 * being trivial.
 */
final class DemoPainter {

    private static final double CANVAS = 32;
    private static final double NOISE_SIGMA = 7;

    private static final Color[] TAG_COLOURS = {
        new Color(220, 40, 40), new Color(120, 70, 20), new Color(30, 140, 40), new Color(0, 200, 220),
        new Color(230, 60, 200), new Color(200, 120, 40), new Color(40, 80, 230), new Color(250, 150, 170),
        new Color(250, 220, 30), new Color(180, 40, 90), new Color(150, 230, 40), new Color(255, 180, 0),
        new Color(0, 150, 150), new Color(100, 90, 80), new Color(255, 120, 0)};

    private final DemoCultureStyle cultures = new DemoCultureStyle();
    private final DemoTagShapes shapes = new DemoTagShapes();

    BufferedImage paint(int culture, List<Integer> tags, int size, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(size / CANVAS, size / CANVAS);
            cultures.paintBackground(g, culture, random);
            paintClutter(g, random);
            for (int tag : tags) {
                paintTag(g, tag, random);
            }
        } finally {
            g.dispose();
        }
        addNoise(image, random);
        return image;
    }

    private void paintTag(Graphics2D g, int tag, Random random) {
        AffineTransform saved = g.getTransform();
        double x = (tag % 4) * 8 + 4 + jitter(random, 1.5);
        double y = (tag / 4) * 8 + 4 + jitter(random, 1.5);
        g.translate(x, y);
        g.scale(0.85 + 0.3 * random.nextDouble(), 0.85 + 0.3 * random.nextDouble());
        g.setColor(jitterColour(TAG_COLOURS[tag], random, 25));
        g.setStroke(new BasicStroke(1.3f));
        shapes.draw(g, tag);
        g.setTransform(saved);
    }

    private static void paintClutter(Graphics2D g, Random random) {
        int strokes = random.nextInt(3);
        for (int i = 0; i < strokes; i++) {
            int grey = 90 + random.nextInt(80);
            g.setColor(new Color(grey, grey, grey));
            g.setStroke(new BasicStroke(0.7f));
            g.drawLine(random.nextInt(32), random.nextInt(32), random.nextInt(32), random.nextInt(32));
        }
    }

    private static void addNoise(BufferedImage image, Random random) {
        int size = image.getWidth();
        int[] rgb = image.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < rgb.length; i++) {
            int r = noisy((rgb[i] >> 16) & 0xff, random);
            int gr = noisy((rgb[i] >> 8) & 0xff, random);
            int b = noisy(rgb[i] & 0xff, random);
            rgb[i] = (r << 16) | (gr << 8) | b;
        }
        image.setRGB(0, 0, size, size, rgb, 0, size);
    }

    private static int noisy(int channel, Random random) {
        return clamp((int) Math.round(channel + NOISE_SIGMA * random.nextGaussian()));
    }

    static Color jitterColour(Color colour, Random random, int amount) {
        return new Color(clamp(colour.getRed() + random.nextInt(2 * amount + 1) - amount),
                clamp(colour.getGreen() + random.nextInt(2 * amount + 1) - amount),
                clamp(colour.getBlue() + random.nextInt(2 * amount + 1) - amount));
    }

    private static double jitter(Random random, double amount) {
        return (random.nextDouble() * 2 - 1) * amount;
    }

    private static int clamp(int channel) {
        return Math.max(0, Math.min(255, channel));
    }
}
