# The fuzz targets and the layer each one exercises, the one library it
# links; shared by the libFuzzer build and the replay tests.
set(DUBAN_FUZZ_TARGETS fuzz_codec fuzz_import fuzz_dates fuzz_merge fuzz_yaml fuzz_xlsx)
set(DUBAN_FUZZ_LAYER_fuzz_codec duban_store)
set(DUBAN_FUZZ_LAYER_fuzz_import duban_io)
set(DUBAN_FUZZ_LAYER_fuzz_dates duban_core)
set(DUBAN_FUZZ_LAYER_fuzz_merge duban_store)
set(DUBAN_FUZZ_LAYER_fuzz_yaml duban_store)
set(DUBAN_FUZZ_LAYER_fuzz_xlsx duban_io)
