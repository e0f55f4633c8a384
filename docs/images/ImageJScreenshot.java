import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.io.File;
import javax.imageio.ImageIO;

/** Takes docs/images/imagej.png: the Phantom, its FBP and the Parallel FBP dialog in ImageJ under Xvfb (see the README). */
public class ImageJScreenshot {
    public static void main(String[] args) throws Exception {
        ImageJ imagej = new ImageJ();
        imagej.setLocation(0, 0);
        IJ.run("Phantom...", "phantom=shepp-logan size=256 views=180");
        ImagePlus sinogram = WindowManager.getCurrentImage();
        WindowManager.getImage("shepp-logan phantom").getWindow().setLocation(0, 80);
        sinogram.getWindow().setLocation(270, 80);
        IJ.run("Parallel FBP...", "angles=0:1:180 filter=hann");
        WindowManager.getCurrentWindow().setLocation(540, 80);
        Thread.sleep(500);
        WindowManager.setCurrentWindow(sinogram.getWindow());
        sinogram.getWindow().toFront();
        Thread.sleep(500);
        new Thread(() -> IJ.run(sinogram, "Parallel FBP...", "")).start();
        Thread.sleep(5000);
        for (Window window : Window.getWindows()) {
            if (window instanceof ij.gui.GenericDialog dialog) {
                dialog.setLocation(810, 80);
            }
        }
        Thread.sleep(1500);
        ImageIO.write(new Robot().createScreenCapture(new Rectangle(0, 0, 1280, 400)), "png", new File(args[0]));
        System.exit(0);
    }
}
