package dev.stampede.cli;

import dev.stampede.bench.load.LoadModel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** One ramping-VUs stage written as k6 users write it: {@code duration:target}, e.g. {@code 20s:30}. */
final class StageConverter implements ITypeConverter<LoadModel.Stage> {

    @Override
    public LoadModel.Stage convert(String value) {
        String[] parts = value.strip().split(":");
        if (parts.length != 2) {
            throw new TypeConversionException("'" + value + "' is not a stage (use duration:target, e.g. 20s:30)");
        }
        int target;
        try {
            target = Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + parts[1] + "' in '" + value + "' is not a number of VUs");
        }
        if (target < 0) {
            throw new TypeConversionException("'" + value + "' has a negative target");
        }
        return new LoadModel.Stage(new DurationConverter().convert(parts[0]), target);
    }
}
