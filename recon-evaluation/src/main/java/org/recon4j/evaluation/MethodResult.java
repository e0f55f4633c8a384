package org.recon4j.evaluation;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One method's figures in a comparison: its name as given (e.g. {@code sirt:50}), the seconds it
 * took, and named metrics in report order (RMSE, PSNR, SSIM for CT; contrast recovery per sphere
 * and background variability for SPECT). A metric that could not be computed is absent.
 */
public record MethodResult(String method, double seconds, Map<String, Double> metrics) implements Serializable {
    public MethodResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
