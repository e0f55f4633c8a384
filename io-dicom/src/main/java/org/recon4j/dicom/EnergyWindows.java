package org.recon4j.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.recon4j.InvalidInputException;
import org.recon4j.spect.Radionuclide;

/**
 * Which energy window of an acquisition is the photopeak, and which are its scatter windows.
 * Windows are numbered from 1, as DICOM's Energy Window Vector and {@code recon info} number them.
 */
public final class EnergyWindows {
    private static final Set<String> SCATTER_WORDS = Set.of("SC", "SCA", "SCAT", "SCATT", "SCATTER", "LOWER", "UPPER");
    private static final Set<String> PEAK_WORDS = Set.of("EM", "PEAK", "PHOTOPEAK", "PP", "PK", "MAIN");
    /** How far (keV) a scatter window may overlap the photopeak and still count as below or above it. */
    private static final double EDGE_TOLERANCE = 0.5;

    private EnergyWindows() {
    }

    /**
     * The photopeak's index (from 0). {@code request} is a window number (1 .. count), a photon
     * energy in keV inside exactly one window ("208" or "208keV"), or null to choose only where the
     * file leaves no doubt: one window; one window not named as scatter ("PHOTOPEAK" between "LOWER
     * SCATTER" and "UPPER SCATTER"); or one window holding a main emission of the nuclide the file
     * names. Anything else is refused in one line that lists the windows.
     */
    public static int photopeak(NmProjections.Acquisition acquisition, String request, String fileName) {
        List<NmProjections.Window> windows = acquisition.windows();
        if (request != null) {
            return requested(windows, request.trim(), fileName);
        }
        if (windows.size() == 1) {
            return 0;
        }
        List<Integer> named = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            if (!isScatterName(windows.get(w).name())) {
                named.add(w);
            }
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        Optional<Radionuclide> nuclide = nuclide(acquisition);
        if (nuclide.isPresent()) {
            List<Integer> holding = new ArrayList<>();
            for (int w = 0; w < windows.size(); w++) {
                if (!isScatterName(windows.get(w).name()) && holdsAny(windows.get(w), nuclide.get().mainEmissionsKeV())) {
                    holding.add(w);
                }
            }
            if (holding.size() == 1) {
                return holding.get(0);
            }
        }
        throw new InvalidInputException(String.format("%s: cannot tell which of its %d energy windows is the photopeak (%s);"
                + " choose one with --photopeak N or --photopeak KEV", fileName, windows.size(), list(windows)));
    }

    /** The nuclide named by the file's Radionuclide Code Sequence, else by its windows' names (all alike). */
    public static Optional<Radionuclide> nuclide(NmProjections.Acquisition acquisition) {
        Optional<Radionuclide> named = Radionuclide.find(acquisition.radionuclide());
        if (named.isPresent()) {
            return named;
        }
        Radionuclide found = null;
        for (NmProjections.Window window : acquisition.windows()) {
            Optional<Radionuclide> inName = Radionuclide.find(window.name());
            if (inName.isPresent()) {
                if (found != null && found != inName.get()) {
                    return Optional.empty();
                }
                found = inName.get();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The window just below the photopeak in energy (the highest upper edge at or below its lower edge), or -1. */
    public static int below(List<NmProjections.Window> windows, int peak) {
        double edge = windows.get(peak).lowerKeV();
        int best = -1;
        for (int w = 0; w < windows.size(); w++) {
            double upper = windows.get(w).upperKeV();
            if (w != peak && upper <= edge + EDGE_TOLERANCE && (best < 0 || upper > windows.get(best).upperKeV())) {
                best = w;
            }
        }
        return best;
    }

    /** The window just above the photopeak in energy (the lowest lower edge at or above its upper edge), or -1. */
    public static int above(List<NmProjections.Window> windows, int peak) {
        double edge = windows.get(peak).upperKeV();
        int best = -1;
        for (int w = 0; w < windows.size(); w++) {
            double lower = windows.get(w).lowerKeV();
            if (w != peak && lower >= edge - EDGE_TOLERANCE && (best < 0 || lower < windows.get(best).lowerKeV())) {
                best = w;
            }
        }
        return best;
    }

    /** "1 Lu177_EM (101.70-124.30 keV), 2 ..." */
    public static String list(List<NmProjections.Window> windows) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < windows.size(); w++) {
            text.append(w == 0 ? "" : ", ").append(w + 1).append(' ').append(windows.get(w));
        }
        return text.toString();
    }

    private static int requested(List<NmProjections.Window> windows, String request, String fileName) {
        if (request.matches("\\d+")) {
            int number = Integer.parseInt(request.length() > 6 ? "0" : request);
            if (number >= 1 && number <= windows.size()) {
                return number - 1;
            }
        }
        String energy = request.toLowerCase(Locale.ROOT).replace("kev", "").trim();
        double keV;
        try {
            keV = Double.parseDouble(energy);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(String.format("--photopeak must be a window number (1-%d) or an energy in keV, "
                    + "found '%s'", windows.size(), request));
        }
        List<Integer> holding = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            if (holdsAny(windows.get(w), keV)) {
                holding.add(w);
            }
        }
        if (holding.size() != 1) {
            throw new InvalidInputException(String.format("--photopeak %s: %s of the windows of %s hold %.4g keV (%s)",
                    request, holding.isEmpty() ? "none" : holding.size(), fileName, keV, list(windows)));
        }
        return holding.get(0);
    }

    private static boolean holdsAny(NmProjections.Window window, double... energiesKeV) {
        for (double keV : energiesKeV) {
            if (keV >= window.lowerKeV() && keV <= window.upperKeV()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isScatterName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.contains("SCATTER")) {
            return true;
        }
        boolean scatter = false;
        boolean peak = false;
        for (String word : upper.split("[^A-Z]+")) {
            scatter |= SCATTER_WORDS.contains(word);
            peak |= PEAK_WORDS.contains(word) || word.endsWith("PEAK");
        }
        return scatter && !peak;
    }
}
