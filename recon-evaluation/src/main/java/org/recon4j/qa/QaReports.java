package org.recon4j.qa;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.recon4j.evaluation.report.Html;
import org.recon4j.evaluation.report.SvgChart;
import org.recon4j.io.FloatVolume;
import org.recon4j.io.PngExport;

/** Turns each analysis's result into a {@link QaReport}: figures, checks, printed lines and report sections. */
public final class QaReports {
    private static final int IMAGE_WIDTH = 420;

    /** The names of each test's checkable figures, for {@link Tolerances#requireKnown}. */
    public static final List<String> SPECT_COR_FIGURES = List.of("cor_offset_mm", "cor_offset_pixels", "axial_deviation_mm",
            "axial_tilt_degrees", "column_residual_mm");
    public static final List<String> SPECT_RESOLUTION_FIGURES = List.of("fwhm_x_mm", "fwhm_y_mm", "fwhm_z_mm", "fwtm_x_mm",
            "fwtm_y_mm", "fwtm_z_mm", "fwhm_radial_mm", "fwhm_tangential_mm", "fwtm_radial_mm", "fwtm_tangential_mm");
    public static final List<String> SPECT_UNIFORMITY_FIGURES = List.of("integral_uniformity_percent",
            "differential_uniformity_percent", "coefficient_of_variation_percent", "ring_deviation_percent");
    public static final List<String> CT_IMAGE_FIGURES = List.of("water_hu", "noise_hu", "uniformity_hu", "mtf50_lp_per_mm",
            "mtf10_lp_per_mm", "nps_mean_frequency_per_mm", "ssp_fwhm_mm");

    private QaReports() {
    }

    /** The centre of rotation per head. */
    public record CentreOfRotation(List<SpectCentreOfRotation.Head> heads) {
    }

    public static QaReport spectCentreOfRotation(String input, List<SpectCentreOfRotation.Head> heads, Tolerances tolerances) {
        List<Tolerances.Figure> figures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        for (SpectCentreOfRotation.Head head : heads) {
            String label = "head " + head.head();
            figures.add(new Tolerances.Figure(label, "cor_offset_mm", head.corOffsetMm()));
            figures.add(new Tolerances.Figure(label, "cor_offset_pixels", head.corOffsetPixels()));
            figures.add(new Tolerances.Figure(label, "axial_deviation_mm", head.axialDeviationMm()));
            figures.add(new Tolerances.Figure(label, "axial_tilt_degrees", head.axialTiltDegrees()));
            figures.add(new Tolerances.Figure(label, "column_residual_mm", head.columnResidualMm()));
            lines.add(String.format(Locale.ROOT, "%s (%d views): centre-of-rotation offset %+.3f mm (%+.3f pixels), source %.1f mm "
                    + "from the axis, fit residual %.3f mm; axial deviation %.3f mm, tilt %.3f degrees", label, head.views(),
                    head.corOffsetMm(), head.corOffsetPixels(), head.sourceRadiusMm(), head.columnResidualMm(),
                    head.axialDeviationMm(), head.axialTiltDegrees()));
            sections.add("<h2>" + Html.escape(label) + "</h2>" + new SvgChart(label + ": the source's column centroid",
                    "camera angle (degrees)", "mm from the detector centre", false)
                    .add("centroid", head.anglesDegrees(), head.columnCentroidsMm())
                    .add("fitted sinusoid", head.anglesDegrees(), head.columnFitMm()).render()
                    + new SvgChart(label + ": the source's row centroid", "camera angle (degrees)", "mm from the detector centre",
                    false).add("centroid", head.anglesDegrees(), head.rowCentroidsMm()).render());
        }
        return new QaReport("spect-cor", input, new CentreOfRotation(heads), tolerances.check(figures), lines, sections);
    }

    /** The sources found and their widths. */
    public record Resolution(String source, List<PointSourceResolution.Measurement> sources) {
    }

    public static QaReport spectResolution(String input, FloatVolume image, PointSourceResolution.Source kind,
                                           List<PointSourceResolution.Measurement> sources, Tolerances tolerances)
            throws IOException {
        List<Tolerances.Figure> figures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        for (int k = 0; k < sources.size(); k++) {
            PointSourceResolution.Measurement source = sources.get(k);
            String label = (kind == PointSourceResolution.Source.LINE ? "line " : "point ") + (k + 1);
            double[] values = {source.fwhmXMm(), source.fwhmYMm(), source.fwhmZMm(), source.fwtmXMm(), source.fwtmYMm(),
                source.fwtmZMm(), source.fwhmRadialMm(), source.fwhmTangentialMm(), source.fwtmRadialMm(),
                source.fwtmTangentialMm()};
            for (int f = 0; f < values.length; f++) {
                if (Double.isFinite(values[f])) {
                    figures.add(new Tolerances.Figure(label, SPECT_RESOLUTION_FIGURES.get(f), values[f]));
                }
            }
            lines.add(String.format(Locale.ROOT, "%s at (%.1f, %.1f%s) mm: FWHM x %.2f, y %.2f%s mm; FWTM x %.2f, y %.2f%s mm",
                    label, source.xMm(), source.yMm(), Double.isNaN(source.zMm()) ? "" : String.format(Locale.ROOT, ", %.1f", source.zMm()),
                    source.fwhmXMm(), source.fwhmYMm(), Double.isNaN(source.fwhmZMm()) ? "" : String.format(Locale.ROOT, ", z %.2f",
                            source.fwhmZMm()), source.fwtmXMm(), source.fwtmYMm(),
                    Double.isNaN(source.fwtmZMm()) ? "" : String.format(Locale.ROOT, ", z %.2f", source.fwtmZMm()))
                    + (Double.isNaN(source.fwhmRadialMm()) ? "" : String.format(Locale.ROOT, "; radial %.2f, tangential %.2f mm "
                    + "(FWTM %.2f, %.2f)", source.fwhmRadialMm(), source.fwhmTangentialMm(), source.fwtmRadialMm(),
                    source.fwtmTangentialMm())));
            SvgChart chart = new SvgChart(label + ": profiles through the peak", "voxel", "value", false)
                    .add("x", SvgChart.counting(source.profileX().length), source.profileX())
                    .add("y", SvgChart.counting(source.profileY().length), source.profileY());
            if (source.profileZ().length > 1) {
                chart.add("z", SvgChart.counting(source.profileZ().length), source.profileZ());
            }
            sections.add("<h2>" + Html.escape(label) + "</h2>" + chart.render());
        }
        if (!sources.isEmpty()) {
            PointSourceResolution.Measurement first = sources.get(0);
            int slice = kind == PointSourceResolution.Source.LINE || image.size(2) == 1 ? image.size(2) / 2
                    : (int) Math.round((first.zMm() - image.origin()[2]) / image.spacing(2));
            List<double[]> circles = new ArrayList<>();
            for (PointSourceResolution.Measurement source : sources) {
                circles.add(new double[] {(source.xMm() - image.origin()[0]) / image.spacing(0),
                    (source.yMm() - image.origin()[1]) / image.spacing(1), Math.max(2, source.fwtmXMm() / image.spacing(0))});
            }
            sections.add(0, "<h2>Slice " + slice + "</h2>" + overlay(image, slice, range(image, slice), circles, List.of()));
        }
        return new QaReport("spect-resolution", input, new Resolution(kind.name().toLowerCase(Locale.ROOT), sources),
                tolerances.check(figures), lines, sections);
    }

    public static QaReport spectUniformity(String input, FloatVolume image, TomographicUniformity.Result result,
                                           Tolerances tolerances) throws IOException {
        List<Tolerances.Figure> figures = List.of(
                new Tolerances.Figure("cylinder", "integral_uniformity_percent", result.integralUniformityPercent()),
                new Tolerances.Figure("cylinder", "differential_uniformity_percent", result.differentialUniformityPercent()),
                new Tolerances.Figure("cylinder", "coefficient_of_variation_percent", result.coefficientOfVariationPercent()),
                new Tolerances.Figure("cylinder", "ring_deviation_percent", result.ringDeviationPercent()));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "cylinder at (%.1f, %.1f) mm, radius %.1f mm; analysed: a disc of %.1f mm on slices "
                + "%d-%d", result.centreXMm(), result.centreYMm(), result.radiusMm(), result.roiRadiusMm(), result.firstSlice(),
                result.lastSlice()));
        lines.add(String.format(Locale.ROOT, "integral uniformity %.2f %% (worst slice), differential %.2f %%, coefficient of "
                + "variation %.2f %% (mean)", result.integralUniformityPercent(), result.differentialUniformityPercent(),
                result.coefficientOfVariationPercent()));
        lines.add(String.format(Locale.ROOT, "rings: largest deviation %+.2f %% at %.1f mm (%.1f standard errors): %s",
                result.ringDeviationPercent(), result.ringRadiusMm(), result.ringSignificance(),
                result.ringDetected() ? "RING ARTEFACT" : "none found"));
        int slices = result.slices().size();
        double[] index = new double[slices];
        double[] integral = new double[slices];
        double[] differential = new double[slices];
        double[] variation = new double[slices];
        for (int k = 0; k < slices; k++) {
            TomographicUniformity.Slice slice = result.slices().get(k);
            index[k] = slice.index();
            integral[k] = slice.integralUniformityPercent();
            differential[k] = slice.differentialUniformityPercent();
            variation[k] = slice.coefficientOfVariationPercent();
        }
        int middle = (result.firstSlice() + result.lastSlice()) / 2;
        double[] centre = {(result.centreXMm() - image.origin()[0]) / image.spacing(0),
            (result.centreYMm() - image.origin()[1]) / image.spacing(1)};
        List<String> sections = List.of("<h2>Slice " + middle + "</h2>" + overlay(image, middle, range(image, middle),
                List.of(new double[] {centre[0], centre[1], result.roiRadiusMm() / image.spacing(0)}), List.of()),
                new SvgChart("Uniformity per slice", "slice", "percent", false).add("integral", index, integral)
                        .add("differential", index, differential).add("CoV", index, variation).render(),
                new SvgChart("Rings: annulus mean less its local level", "radius (mm)", "percent of the mean", false)
                        .add("deviation", result.ringRadiiMm(), finiteOrZero(result.ringDeviationsPercent())).render());
        return new QaReport("spect-uniformity", input, result, tolerances.check(figures), lines, sections);
    }

    public static QaReport ctImage(String input, FloatVolume hu, CtImageQuality.Result result, Tolerances tolerances)
            throws IOException {
        List<Tolerances.Figure> figures = ctFigures("phantom", result);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "phantom at (%.1f, %.1f) mm, radius %.1f mm, slices %d-%d", result.centreXMm(),
                result.centreYMm(), result.phantomRadiusMm(), result.firstSlice(), result.lastSlice()));
        lines.add(String.format(Locale.ROOT, "water %.2f HU, noise %.2f HU (centre), uniformity %+.2f HU (periphery - centre)",
                result.waterHu(), result.noiseHu(), result.uniformityHu()));
        for (CtImageQuality.Region region : result.regions()) {
            lines.add(String.format(Locale.ROOT, "  %-11s mean %8.2f HU, sd %6.2f HU", region.name(), region.meanHu(),
                    region.stdHu()));
        }
        for (CtImageQuality.Insert insert : result.inserts()) {
            lines.add(String.format(Locale.ROOT, "insert %d at (%.1f, %.1f) mm, radius %.1f mm: %.1f HU (sd %.1f)", insert.number(),
                    insert.xMm(), insert.yMm(), insert.radiusMm(), insert.meanHu(), insert.stdHu()));
        }
        lines.add(String.format(Locale.ROOT, "TTF (%s, contrast %.0f HU): MTF50 %.3f lp/mm, MTF10 %.3f lp/mm", result.ttf().edge(),
                result.ttf().contrastHu(), result.mtf50LpPerMm(), result.mtf10LpPerMm()));
        lines.add(String.format(Locale.ROOT, "NPS (%d regions of %d pixels): mean frequency %.3f /mm, peak %.3f /mm, variance %.1f HU^2",
                result.nps().roiCount(), result.nps().roiSize(), result.nps().meanFrequencyPerMm(),
                result.nps().peakFrequencyPerMm(), result.nps().varianceHu2()));
        SliceSensitivity.Result ssp = result.sliceSensitivity();
        if (ssp != null) {
            figures.add(new Tolerances.Figure("bead", "ssp_fwhm_mm", ssp.fwhmMm()));
            lines.add(String.format(Locale.ROOT, "slice sensitivity: bead at (%.1f, %.1f, %.1f) mm, %.0f HU above water: FWHM %.2f mm, "
                    + "FWTM %.2f mm", ssp.xMm(), ssp.yMm(), ssp.zMm(), ssp.peakHu(), ssp.fwhmMm(), ssp.fwtmMm()));
        }
        int slice = (result.firstSlice() + result.lastSlice()) / 2;
        List<double[]> circles = new ArrayList<>();
        for (CtImageQuality.Region region : result.regions()) {
            circles.add(pixelCircle(hu, region.xMm(), region.yMm(), region.radiusMm()));
        }
        List<double[]> insertCircles = new ArrayList<>();
        for (CtImageQuality.Insert insert : result.inserts()) {
            insertCircles.add(pixelCircle(hu, insert.xMm(), insert.yMm(), 0.6 * insert.radiusMm()));
        }
        List<String> sections = new ArrayList<>(List.of("<h2>Slice " + slice + " (window -200 to 200 HU)</h2>"
                        + overlay(hu, slice, new double[] {-200, 200}, circles, insertCircles),
                new SvgChart("Task transfer function: " + result.ttf().edge(), "cycles/mm", "TTF", false)
                        .add("TTF", result.ttf().frequencies(), result.ttf().ttf()).render(),
                new SvgChart("Edge spread", "mm from the edge", "HU", false)
                        .add("ESF", result.ttf().edgeDistancesMm(), result.ttf().edgeSpread()).render(),
                new SvgChart("Noise power spectrum (radial)", "cycles/mm", "HU^2 mm^2", false)
                        .add("NPS", result.nps().frequencies(), result.nps().radial()).render()));
        if (ssp != null) {
            double[] z = new double[ssp.profileHu().length];
            for (int k = 0; k < z.length; k++) {
                z[k] = hu.origin()[2] + k * hu.spacing(2);
            }
            sections.add(new SvgChart("Slice sensitivity profile (bead)", "z (mm)", "HU above water", false)
                    .add("SSP", z, ssp.profileHu()).render());
        }
        return new QaReport("ct-image", input, result, tolerances.check(figures), lines, sections);
    }

    /** The sweep's settings, each with its figures. */
    public record SweepResult(List<CtSweep.Setting> settings) {
    }

    public static QaReport ctSweep(String input, List<CtSweep.Setting> settings, Tolerances tolerances) {
        List<Tolerances.Figure> figures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-22s %9s %9s %11s %9s %9s %9s", "setting", "water HU", "noise HU", "uniform. HU",
                "MTF50", "MTF10", "NPS f /mm"));
        SvgChart ttf = new SvgChart("Task transfer function per setting", "cycles/mm", "TTF", false);
        SvgChart nps = new SvgChart("Noise power spectrum per setting", "cycles/mm", "HU^2 mm^2", false);
        for (CtSweep.Setting setting : settings) {
            CtImageQuality.Result result = setting.result();
            String label = setting.setting();
            figures.addAll(ctFigures(label, result));
            lines.add(String.format(Locale.ROOT, "%-22s %9.2f %9.2f %11.2f %9.3f %9.3f %9.3f", label, result.waterHu(),
                    result.noiseHu(), result.uniformityHu(), result.mtf50LpPerMm(), result.mtf10LpPerMm(),
                    result.nps().meanFrequencyPerMm()));
            ttf.add(label, result.ttf().frequencies(), result.ttf().ttf());
            nps.add(label, result.nps().frequencies(), result.nps().radial());
        }
        lines.add("(MTF in lp/mm from " + settings.get(0).result().ttf().edge() + "; NaN: not reached below Nyquist)");
        return new QaReport("ct-image sweep", input, new SweepResult(settings), tolerances.check(figures), lines,
                List.of(ttf.render(), nps.render()));
    }

    /** The checkable figures of one CT analysis (the slice sensitivity's, when measured, are added apart). */
    private static List<Tolerances.Figure> ctFigures(String label, CtImageQuality.Result result) {
        return new ArrayList<>(List.of(
                new Tolerances.Figure(label, "water_hu", result.waterHu()),
                new Tolerances.Figure(label, "noise_hu", result.noiseHu()),
                new Tolerances.Figure(label, "uniformity_hu", result.uniformityHu()),
                new Tolerances.Figure(label, "mtf50_lp_per_mm", result.mtf50LpPerMm()),
                new Tolerances.Figure(label, "mtf10_lp_per_mm", result.mtf10LpPerMm()),
                new Tolerances.Figure(label, "nps_mean_frequency_per_mm", result.nps().meanFrequencyPerMm())));
    }

    private static double[] pixelCircle(FloatVolume image, double xMm, double yMm, double radiusMm) {
        return new double[] {(xMm - image.origin()[0]) / image.spacing(0), (yMm - image.origin()[1]) / image.spacing(1),
            radiusMm / image.spacing(0)};
    }

    private static double[] finiteOrZero(double[] values) {
        return Arrays.stream(values).map(value -> Double.isFinite(value) ? value : 0).toArray();
    }

    private static double[] range(FloatVolume image, int slice) {
        double[] range = PngExport.range(image.data(), image.size(0) * image.size(1), slice);
        return range[1] > range[0] ? range : new double[] {range[0], range[0] + 1};
    }

    /** A slice as a PNG with circles drawn over it (pixel coordinates): regions in one colour, inserts in another. */
    private static String overlay(FloatVolume image, int slice, double[] window, List<double[]> regions, List<double[]> inserts)
            throws IOException {
        int nx = image.size(0);
        int ny = image.size(1);
        byte[] png = PngExport.encodeSlice(image.data(), nx, ny, slice, window[0], window[1]);
        int height = (int) Math.round(IMAGE_WIDTH * (double) ny / nx);
        StringBuilder svg = new StringBuilder("<div style=\"position:relative;width:" + IMAGE_WIDTH + "px;height:" + height
                + "px\"><img style=\"position:absolute;left:0;top:0\" width=\"" + IMAGE_WIDTH + "\" height=\"" + height
                + "\" alt=\"slice " + slice + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                + "\"><svg style=\"position:absolute;left:0;top:0\" width=\"" + IMAGE_WIDTH + "\" height=\"" + height
                + "\" viewBox=\"-0.5 -0.5 " + nx + " " + ny + "\">");
        appendCircles(svg, regions, "#ff7f0e");
        appendCircles(svg, inserts, "#17becf");
        return svg.append("</svg></div>").toString();
    }

    private static void appendCircles(StringBuilder svg, List<double[]> circles, String colour) {
        for (double[] circle : circles) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"none\" stroke=\"%s\" "
                    + "stroke-width=\"%.2f\"/>", circle[0], circle[1], circle[2], colour, Math.max(0.5, circle[2] / 20)));
        }
    }
}
